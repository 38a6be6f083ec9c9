package io.charter.server.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The instance metadata tree, as EC2's IMDS answers it, for one {@link InstanceView}: a listing
 * is plain text, one entry a line (no newline after the last), a sub-tree's entry ending in
 * {@code /}; a sub-tree answers with or without its trailing slash; a leaf is its value; the
 * documents are JSON laid out as IMDS lays them out ({@code "Code" : "Success"}). Without an
 * instance profile the {@code iam} sub-tree does not exist (404), as on EC2. Credentials are
 * never answered once expired.
 *
 * <p>Pure: the same view, path and time give the same answer.
 */
final class MetadataTree {
    private static final ObjectWriter EC2_JSON = new ObjectMapper().writerWithDefaultPrettyPrinter();

    private MetadataTree() {
    }

    /** What {@code GET path} answers, or empty for 404. */
    static Optional<String> answer(String path, InstanceView view, Instant now) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return switch (trimmed) {
            case "/" -> Optional.of("latest");
            case "/latest" -> Optional.of("dynamic\nmeta-data");
            case "/latest/meta-data" -> Optional.of(view.profile().isPresent()
                    ? "iam/\ninstance-id\nplacement/" : "instance-id\nplacement/");
            case "/latest/meta-data/instance-id" -> leaf(path, view.instanceId());
            case "/latest/meta-data/placement" -> Optional.of("availability-zone\nregion");
            case "/latest/meta-data/placement/availability-zone" -> leaf(path, view.availabilityZone());
            case "/latest/meta-data/placement/region" -> leaf(path, view.region());
            case "/latest/dynamic" -> Optional.of("instance-identity/");
            case "/latest/dynamic/instance-identity" -> Optional.of("document");
            case "/latest/dynamic/instance-identity/document" -> leaf(path, identityDocument(view));
            default -> trimmed.startsWith("/latest/meta-data/iam") ? iam(path, trimmed, view, now) : Optional.empty();
        };
    }

    private static Optional<String> iam(String path, String trimmed, InstanceView view, Instant now) {
        if (view.profile().isEmpty()) {
            return Optional.empty();
        }
        InstanceProfile profile = view.profile().get();
        if (trimmed.equals("/latest/meta-data/iam")) {
            return Optional.of(profile.roleName().isPresent() ? "info\nsecurity-credentials/" : "info");
        }
        if (trimmed.equals("/latest/meta-data/iam/info")) {
            return leaf(path, info(view, profile, now));
        }
        if (profile.roleName().isEmpty()) {
            // A profile that holds no role: no credentials to list.
            return Optional.empty();
        }
        if (trimmed.equals("/latest/meta-data/iam/security-credentials")) {
            return profile.roleName();
        }
        if (trimmed.equals("/latest/meta-data/iam/security-credentials/" + profile.roleName().get())) {
            return path.endsWith("/") ? Optional.empty() : roleCredentials(view, now);
        }
        return Optional.empty();
    }

    /** A leaf asked for as a directory (with a trailing slash) does not exist. */
    private static Optional<String> leaf(String path, String value) {
        return path.endsWith("/") ? Optional.empty() : Optional.of(value);
    }

    private static String info(InstanceView view, InstanceProfile profile, Instant now) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("Code", "Success");
        info.put("LastUpdated", timestamp(view.credentials().map(RoleCredentials::lastUpdated).orElse(now)));
        info.put("InstanceProfileArn", profile.arn());
        info.put("InstanceProfileId", profile.id());
        return json(info);
    }

    private static Optional<String> roleCredentials(InstanceView view, Instant now) {
        Optional<RoleCredentials> held = view.credentials().filter(c -> c.validAt(now));
        Map<String, Object> document = new LinkedHashMap<>();
        if (held.isEmpty()) {
            String code = view.credentialsCode().filter(c -> !c.equals("Success")).orElse(null);
            if (code == null) {
                // None held (expired and the server out of reach): nothing to hand out.
                return Optional.empty();
            }
            // EC2 answers why it has no credentials for the role, e.g. a trust policy that does not allow it.
            document.put("Code", code);
            document.put("Message", view.credentialsMessage().orElse(""));
            document.put("LastUpdated", timestamp(now));
            return Optional.of(json(document));
        }
        RoleCredentials credentials = held.get();
        document.put("Code", "Success");
        document.put("LastUpdated", timestamp(credentials.lastUpdated()));
        document.put("Type", "AWS-HMAC");
        document.put("AccessKeyId", credentials.accessKeyId());
        document.put("SecretAccessKey", credentials.secretAccessKey());
        document.put("Token", credentials.sessionToken());
        document.put("Expiration", timestamp(credentials.expiration()));
        return Optional.of(json(document));
    }

    /**
     * The instance identity document: the fields Charter knows (no AMI, instance type or private IP:
     * an instance registered with Charter has none that Charter knows of); unsigned, so the
     * signature, pkcs7 and rsa2048 documents are not served.
     */
    private static String identityDocument(InstanceView view) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("accountId", view.accountId());
        document.put("architecture", architecture());
        document.put("availabilityZone", view.availabilityZone());
        document.put("instanceId", view.instanceId());
        document.put("region", view.region());
        document.put("version", "2017-09-30");
        return json(document);
    }

    /** EC2's names for the machine's architecture. */
    private static String architecture() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "i386";
            default -> arch;
        };
    }

    /** EC2's timestamps: UTC, whole seconds, {@code 2026-12-08T01:02:03Z}. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String json(Map<String, Object> document) {
        try {
            return EC2_JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
