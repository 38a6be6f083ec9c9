package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * CloudTrail's log file integrity validation, both halves: the digest file a trail writes each hour
 * (the log files it delivered in the hour with the SHA-256 of each one's uncompressed content, and
 * the previous digest's hash and signature, so the digests form a chain), its signature
 * (SHA256withRSA over CloudTrail's signing string: the digest's end time, its bucket and key, the
 * SHA-256 of its uncompressed content and the previous digest's signature, one per line), and the
 * validation that walks a trail's digests and reports every log or digest file deleted or altered.
 */
public final class DigestChain {
    public static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    public static final String HASH_ALGORITHM = "SHA-256";
    /** The user metadata that carries a digest's signature ({@code x-amz-meta-signature}). */
    public static final String SIGNATURE_METADATA = "signature";
    public static final String SIGNATURE_ALGORITHM_METADATA = "signature-algorithm";
    static final DateTimeFormatter DIGEST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private DigestChain() {
    }

    /** A digest file made: its uncompressed content, the content's SHA-256 and its signature (hex). */
    record Digest(byte[] content, String sha256, String signature) {
    }

    /**
     * The digest of {@code logFiles} for {@code [start, end)}, stored as {@code bucket}/{@code key},
     * chained to {@code previous}, signed with {@code key}.
     */
    static Digest make(String accountId, Instant start, Instant end, String bucket, String key,
            List<TrailState.LogFile> logFiles, Optional<TrailState.PreviousDigest> previous, TrailKeys.SigningKey signer) {
        ObjectNode out = TrailJson.JSON.createObjectNode();
        out.put("awsAccountId", accountId);
        out.put("digestStartTime", DIGEST_TIME.format(start));
        out.put("digestEndTime", DIGEST_TIME.format(end));
        out.put("digestS3Bucket", bucket);
        out.put("digestS3Object", key);
        out.put("digestPublicKeyFingerprint", signer.fingerprint());
        out.put("digestSignatureAlgorithm", SIGNATURE_ALGORITHM);
        Optional<Instant> newest = logFiles.stream().map(TrailState.LogFile::newest).max(Comparator.naturalOrder());
        Optional<Instant> oldest = logFiles.stream().map(TrailState.LogFile::oldest).min(Comparator.naturalOrder());
        putTime(out, "newestEventTime", newest);
        putTime(out, "oldestEventTime", oldest);
        if (previous.isPresent()) {
            out.put("previousDigestS3Bucket", previous.get().bucket());
            out.put("previousDigestS3Object", previous.get().key());
            out.put("previousDigestHashValue", previous.get().sha256());
            out.put("previousDigestHashAlgorithm", HASH_ALGORITHM);
            out.put("previousDigestSignature", previous.get().signature());
        } else {
            out.putNull("previousDigestS3Bucket");
            out.putNull("previousDigestS3Object");
            out.putNull("previousDigestHashValue");
            out.putNull("previousDigestHashAlgorithm");
            out.putNull("previousDigestSignature");
        }
        ArrayNode files = out.putArray("logFiles");
        for (TrailState.LogFile log : logFiles) {
            ObjectNode f = files.addObject();
            f.put("s3Bucket", log.bucket());
            f.put("s3Object", log.key());
            f.put("hashValue", log.sha256());
            f.put("hashAlgorithm", HASH_ALGORITHM);
            f.put("newestEventTime", DIGEST_TIME.format(log.newest()));
            f.put("oldestEventTime", DIGEST_TIME.format(log.oldest()));
        }
        byte[] content = out.toString().getBytes(StandardCharsets.UTF_8);
        String sha256 = sha256(content);
        String signature = signer.sign(signingString(DIGEST_TIME.format(end), bucket, key, sha256,
                previous.map(TrailState.PreviousDigest::signature)));
        return new Digest(content, sha256, signature);
    }

    private static void putTime(ObjectNode out, String name, Optional<Instant> time) {
        if (time.isPresent()) {
            out.put(name, DIGEST_TIME.format(time.get()));
        } else {
            out.putNull(name);
        }
    }

    /** CloudTrail's data signing string of a digest. */
    static String signingString(String endTime, String bucket, String key, String sha256, Optional<String> previous) {
        return endTime + "\n" + bucket + "/" + key + "\n" + sha256 + "\n" + previous.orElse("null");
    }

    /** The hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The uncompressed content of {@code compressed}.
     *
     * @throws IOException when {@code compressed} is not gzip
     */
    public static byte[] gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    /** The files a validation reads: a bucket's objects (or a directory holding a copy of them). */
    public interface TrailFiles {
        /** The keys under {@code prefix}. */
        List<String> list(String prefix) throws IOException;

        /** The object's bytes as stored, or nothing when it does not exist. */
        Optional<byte[]> read(String key) throws IOException;

        /** The object's {@code x-amz-meta-signature}, when the files keep user metadata. */
        Optional<String> signature(String key) throws IOException;
    }

    /**
     * What a validation found.
     *
     * @param digests the digest files validated
     * @param logFiles the log files validated
     * @param problems each file found deleted or altered, or a break of the chain; empty when valid
     * @param notes what could not be checked (not a failure)
     */
    public record Report(int digests, int logFiles, List<String> problems, List<String> notes) {
        public Report {
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Validates the digests of the trail named {@code trailName} of {@code accountId} under
     * {@code keyPrefix} (empty for none) in {@code files} whose period ends after {@code start}: the
     * chain (each digest names the previous one, holds its hash and its valid signature), the newest
     * digest's signature (when the files keep it), and every log file each lists.
     *
     * @param publicKeys the trail signing keys by fingerprint (ListPublicKeys)
     */
    public static Report validate(TrailFiles files, Map<String, PublicKey> publicKeys, String accountId,
            String trailName, String keyPrefix, Optional<Instant> start) throws IOException {
        requireNonNull(files, "files is null");
        String root = (keyPrefix.isEmpty() ? "" : keyPrefix + "/") + "AWSLogs/" + accountId + "/CloudTrail-Digest/";
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Parsed> digests = new ArrayList<>();
        for (String key : files.list(root)) {
            if (!key.endsWith(".json.gz") || !key.contains("_CloudTrail-Digest_") || !key.contains("_" + trailName + "_")) {
                continue;
            }
            Optional<byte[]> stored = files.read(key);
            if (stored.isEmpty()) {
                continue;
            }
            try {
                byte[] content = gunzip(stored.get());
                JsonNode json = TrailJson.JSON.readTree(content);
                Instant end = Instant.from(DIGEST_TIME.parse(json.path("digestEndTime").asText()));
                if (start.isEmpty() || end.isAfter(start.get())) {
                    digests.add(new Parsed(key, content, json, end));
                }
            } catch (IOException | DateTimeParseException e) {
                problems.add("digest file " + key + " was altered: it is not a digest file (" + e.getClass().getSimpleName()
                        + ")");
            }
        }
        digests.sort(Comparator.comparing(Parsed::end));
        int logFiles = 0;
        for (int i = 0; i < digests.size(); i++) {
            Parsed digest = digests.get(i);
            JsonNode json = digest.json();
            String previousKey = json.path("previousDigestS3Object").asText(null);
            if (i > 0) {
                Parsed previous = digests.get(i - 1);
                if (!previous.key().equals(previousKey)) {
                    problems.add("digest file " + (previousKey == null ? "(none)" : previousKey) + ", the previous of "
                            + digest.key() + ", was deleted");
                } else {
                    checkPrevious(previous, json, publicKeys, problems);
                }
            } else if (previousKey != null && start.isEmpty()) {
                if (files.read(previousKey).isEmpty()) {
                    problems.add("digest file " + previousKey + ", the previous of " + digest.key() + ", was deleted");
                }
            }
            for (JsonNode log : json.path("logFiles")) {
                logFiles++;
                String key = log.path("s3Object").asText();
                Optional<byte[]> stored = files.read(key);
                if (stored.isEmpty()) {
                    problems.add("log file " + key + " was deleted");
                    continue;
                }
                String hash;
                try {
                    hash = sha256(gunzip(stored.get()));
                } catch (IOException e) {
                    problems.add("log file " + key + " was altered: it is not gzip");
                    continue;
                }
                if (!hash.equals(log.path("hashValue").asText())) {
                    problems.add("log file " + key + " was altered: its SHA-256 is not the one its digest lists");
                }
            }
        }
        if (!digests.isEmpty()) {
            Parsed newest = digests.getLast();
            Optional<String> signature = files.signature(newest.key());
            if (signature.isPresent()) {
                if (!verifies(newest, signature.get(), publicKeys)) {
                    problems.add("digest file " + newest.key() + " was altered: its signature does not verify");
                }
            } else {
                notes.add("the newest digest file " + newest.key() + " has no signature in the files read (S3 keeps"
                        + " it as the object's x-amz-meta-signature); its hash is not chained yet");
            }
        }
        return new Report(digests.size(), logFiles, problems, notes);
    }

    private static void checkPrevious(Parsed previous, JsonNode next, Map<String, PublicKey> publicKeys,
            List<String> problems) {
        if (!sha256(previous.content()).equals(next.path("previousDigestHashValue").asText())) {
            problems.add("digest file " + previous.key() + " was altered: its SHA-256 is not the one the next digest"
                    + " holds");
            return;
        }
        if (!verifies(previous, next.path("previousDigestSignature").asText(), publicKeys)) {
            problems.add("digest file " + previous.key() + " was altered: its signature does not verify");
        }
    }

    private static boolean verifies(Parsed digest, String signature, Map<String, PublicKey> publicKeys) {
        JsonNode json = digest.json();
        PublicKey key = publicKeys.get(json.path("digestPublicKeyFingerprint").asText());
        if (key == null) {
            return false;
        }
        String previous = json.path("previousDigestSignature").isTextual()
                ? json.path("previousDigestSignature").asText() : "null";
        String text = json.path("digestEndTime").asText() + "\n" + json.path("digestS3Bucket").asText() + "/"
                + digest.key() + "\n" + sha256(digest.content()) + "\n" + previous;
        try {
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(key);
            verifier.update(text.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(HexFormat.of().parseHex(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Signs {@code text} (SHA256withRSA); the signature in hex. */
    static String sign(PrivateKey key, String text) {
        try {
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(key);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a digest file", e);
        }
    }

    private record Parsed(String key, byte[] content, JsonNode json, Instant end) {
    }
}
