package io.charter.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The digest chain: three hours of a trail's files (two log files an hour, a signed digest an hour)
 * validate; a log file altered or deleted, a digest altered, deleted or signed by another key, each
 * is reported by name.
 */
class DigestChainTest {
    private static final String ACCOUNT = "123456789012";
    private static final String BUCKET = "trail-logs";
    private static final Instant START = Instant.parse("2026-12-08T01:00:00Z");

    private final Map<String, byte[]> objects = new TreeMap<>();
    private final Map<String, String> signatures = new TreeMap<>();
    private final List<String> digestKeys = new ArrayList<>();
    private final List<String> logKeys = new ArrayList<>();
    private TrailKeys.SigningKey signer;
    private Map<String, PublicKey> publicKeys;

    private final DigestChain.TrailFiles files = new DigestChain.TrailFiles() {
        @Override
        public List<String> list(String prefix) {
            return objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
        }

        @Override
        public Optional<byte[]> read(String key) {
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public Optional<String> signature(String key) {
            return Optional.ofNullable(signatures.get(key));
        }
    };

    @BeforeEach
    void threeHours() throws Exception {
        KeyPair pair = pair();
        String fingerprint = TrailKeys.fingerprint(pair.getPublic().getEncoded());
        signer = new TrailKeys.SigningKey(fingerprint, pair.getPrivate());
        publicKeys = Map.of(fingerprint, pair.getPublic());
        Optional<TrailState.PreviousDigest> previous = Optional.empty();
        for (int hour = 0; hour < 3; hour++) {
            Instant start = START.plus(Duration.ofHours(hour));
            List<TrailState.LogFile> logs = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                String key = "AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/2026/12/08/" + ACCOUNT
                        + "_CloudTrail_us-east-1_h" + hour + "n" + n + ".json.gz";
                byte[] content = ("{\"Records\":[{\"eventName\":\"CreateUser\",\"n\":" + hour + n + "}]}")
                        .getBytes(StandardCharsets.UTF_8);
                objects.put(key, DigestChain.gzip(content));
                logKeys.add(key);
                logs.add(new TrailState.LogFile(BUCKET, key, DigestChain.sha256(content), start, start.plusSeconds(60)));
            }
            Instant end = start.plus(Duration.ofHours(1));
            String key = "AWSLogs/" + ACCOUNT + "/CloudTrail-Digest/us-east-1/2026/12/08/" + ACCOUNT
                    + "_CloudTrail-Digest_us-east-1_main_us-east-1_h" + hour + ".json.gz";
            DigestChain.Digest digest = DigestChain.make(ACCOUNT, start, end, BUCKET, key, logs, previous, signer);
            objects.put(key, DigestChain.gzip(digest.content()));
            signatures.put(key, digest.signature());
            digestKeys.add(key);
            previous = Optional.of(new TrailState.PreviousDigest(BUCKET, key, digest.sha256(), digest.signature()));
        }
    }

    private static KeyPair pair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private DigestChain.Report validate() throws Exception {
        return DigestChain.validate(files, publicKeys, ACCOUNT, "main", "", Optional.empty());
    }

    @Test
    void anUntouchedChainIsValid() throws Exception {
        DigestChain.Report report = validate();
        assertTrue(report.valid(), report.problems().toString());
        assertEquals(3, report.digests());
        assertEquals(6, report.logFiles());
        assertEquals(List.of(), report.notes());
    }

    @Test
    void anAlteredLogFileIsReported() throws Exception {
        objects.put(logKeys.get(3), DigestChain.gzip("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8)));
        DigestChain.Report report = validate();
        assertEquals(List.of("log file " + logKeys.get(3) + " was altered: its SHA-256 is not the one its digest lists"),
                report.problems());
    }

    @Test
    void aLogFileThatIsNoLongerGzipIsReported() throws Exception {
        objects.put(logKeys.get(0), "plain".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("log file " + logKeys.get(0) + " was altered: it is not gzip"), validate().problems());
    }

    @Test
    void aDeletedLogFileIsReported() throws Exception {
        objects.remove(logKeys.get(5));
        assertEquals(List.of("log file " + logKeys.get(5) + " was deleted"), validate().problems());
    }

    @Test
    void aDeletedDigestBreaksTheChain() throws Exception {
        objects.remove(digestKeys.get(1));
        DigestChain.Report report = validate();
        assertEquals(List.of("digest file " + digestKeys.get(1) + ", the previous of " + digestKeys.get(2)
                + ", was deleted"), report.problems());
    }

    @Test
    void theFirstDigestDeletedIsReportedToo() throws Exception {
        objects.remove(digestKeys.get(0));
        assertEquals(List.of("digest file " + digestKeys.get(0) + ", the previous of " + digestKeys.get(1)
                + ", was deleted"), validate().problems());
    }

    @Test
    void anAlteredDigestIsReportedByTheNextOnesHash() throws Exception {
        // A digest rewritten (one space is enough): its content no longer hashes to what the next holds.
        byte[] content = DigestChain.gunzip(objects.get(digestKeys.get(0)));
        String edited = new String(content, StandardCharsets.UTF_8) + " ";
        objects.put(digestKeys.get(0), DigestChain.gzip(edited.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("digest file " + digestKeys.get(0) + " was altered: its SHA-256 is not the one the next"
                + " digest holds"), validate().problems());
    }

    @Test
    void theNewestDigestAlteredIsReportedByItsSignature() throws Exception {
        String newest = digestKeys.get(2);
        byte[] content = DigestChain.gunzip(objects.get(newest));
        String edited = new String(content, StandardCharsets.UTF_8).replace("\"digestStartTime\":\"2026-12-08T03",
                "\"digestStartTime\":\"2026-12-08T02");
        objects.put(newest, DigestChain.gzip(edited.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("digest file " + newest + " was altered: its signature does not verify"),
                validate().problems());
    }

    @Test
    void aChainSignedWithAnotherKeyDoesNotVerify() throws Exception {
        KeyPair other = pair();
        publicKeys = Map.of(signer.fingerprint(), other.getPublic());
        DigestChain.Report report = validate();
        assertFalse(report.valid());
        assertEquals(3, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().stream().allMatch(p -> p.endsWith("its signature does not verify")));
    }

    @Test
    void withoutTheNewestSignatureTheRestIsStillValidatedAndTheGapNoted() throws Exception {
        signatures.clear();
        DigestChain.Report report = validate();
        assertTrue(report.valid());
        assertEquals(1, report.notes().size());
        assertTrue(report.notes().getFirst().contains(digestKeys.get(2)));
    }

    @Test
    void aStartTimeLeavesTheOlderDigestsOut() throws Exception {
        objects.remove(logKeys.get(0));
        DigestChain.Report report = DigestChain.validate(files, publicKeys, ACCOUNT, "main", "",
                Optional.of(START.plus(Duration.ofHours(1))));
        assertTrue(report.valid(), report.problems().toString());
        assertEquals(2, report.digests());
    }

    @Test
    void theSigningStringIsCloudTrails() {
        assertEquals("2026-12-08T02:00:00Z\nb/k\nabc\nnull",
                DigestChain.signingString("2026-12-08T02:00:00Z", "b", "k", "abc", Optional.empty()));
    }
}
