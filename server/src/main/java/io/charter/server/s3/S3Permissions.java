package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import io.charter.policy.ContextValue;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization checks an S3 request needs: which IAM actions, on which resource ARNs, with which
 * condition keys. Every check must be allowed for the request to go on. Pure functions of the request;
 * stateless and thread-safe.
 *
 * <p>The action and resource per operation are the table {@code permissions.tsv} (from the S3 User
 * Guide's "Required permissions for Amazon S3 API operations" and the Service Authorization
 * Reference); what depends on the request is here:
 * <ul>
 * <li>a {@code versionId} turns GetObject, HeadObject, DeleteObject, the object ACL and tagging
 *     operations into their {@code *Version*} actions, with {@code s3:versionid};
 * <li>CopyObject and UploadPartCopy also read the source: {@code s3:GetObject} (or
 *     {@code s3:GetObjectVersion}) on the object {@code x-amz-copy-source} names;
 * <li>tags ({@code x-amz-tagging} on PutObject, CreateMultipartUpload and CopyObject, the body of
 *     PutObjectTagging) add {@code s3:PutObjectTagging} and the keys {@code s3:RequestObjectTag/<key>}
 *     and {@code s3:RequestObjectTagKeys};
 * <li>ACL headers ({@code x-amz-acl}, {@code x-amz-grant-*}) add {@code s3:PutObjectAcl} on an object
 *     write and {@code s3:PutBucketAcl} on CreateBucket; CreateBucket with Object Lock adds
 *     {@code s3:PutBucketObjectLockConfiguration} and {@code s3:PutBucketVersioning}, with
 *     {@code x-amz-object-ownership} {@code s3:PutBucketOwnershipControls};
 * <li>{@code x-amz-bypass-governance-retention: true} adds {@code s3:BypassGovernanceRetention};
 * <li>GetObjectAttributes needs {@code s3:GetObject} besides {@code s3:GetObjectAttributes} (the
 *     versioned pair when the request names a version).
 * </ul>
 *
 * <p>Condition keys set here come from the request line and headers only; each is present exactly
 * when the request carries what it reads (a listing without {@code prefix} has no {@code s3:prefix}).
 * {@code s3:ResourceAccount} is the bucket owner passed in, so a copy's source read carries none (its
 * bucket's owner is not an argument; the endpoint may add it). {@code s3:x-amz-copy-source} is the
 * decoded {@code bucket/key} without leading slash or version, the form of the User Guide's examples. Keys that need stored state
 * ({@code s3:ExistingObjectTag/<key>}, {@code s3:BucketTag/<key>}), the clock
 * ({@code s3:object-lock-remaining-retention-days}) or a body other than the ones passed here
 * (PutObjectRetention's mode and date, PutObjectLegalHold's status) are not set; neither are the
 * endpoint's ({@code aws:*}, {@code s3:authType}, {@code s3:signatureversion}, {@code s3:signatureAge},
 * {@code s3:x-amz-content-sha256}, {@code s3:TlsVersion}).
 */
public final class S3Permissions {
    private static final Map<String, Grant> GRANTS = Grant.load();
    private static final String ARN_PREFIX = "arn:aws:s3:::";
    /** S3's InvalidArgument message for an {@code x-amz-copy-source} without bucket and key. */
    static final String BAD_COPY_SOURCE = "Copy Source must mention the source bucket and key: sourcebucket/sourcekey";

    private static final List<String> ACL_HEADERS = List.of("x-amz-acl", "x-amz-grant-full-control", "x-amz-grant-read",
            "x-amz-grant-read-acp", "x-amz-grant-write", "x-amz-grant-write-acp");
    /** Headers whose value is the condition key of the same name (with {@code s3:}) on an object write. */
    private static final List<String> OBJECT_WRITE_HEADERS = List.of("x-amz-server-side-encryption",
            "x-amz-server-side-encryption-aws-kms-key-id", "x-amz-server-side-encryption-customer-algorithm",
            "x-amz-storage-class", "x-amz-website-redirect-location", "x-amz-metadata-directive");

    private S3Permissions() {}

    /**
     * The checks a request needs, all of which must be allowed.
     *
     * @param bucketOwner the account owning the bucket, for {@code s3:ResourceAccount}; absent for
     *     ListBuckets and for CreateBucket of a new bucket
     * @throws IllegalArgumentException for DeleteObjects and PutObjectTagging, whose checks depend on
     *     the body (use {@link #forDeleteObjects} and {@link #forPutObjectTagging}), and for a request
     *     that lacks the bucket or key its operation names
     * @throws ServiceException {@code InvalidArgument} when a copy's {@code x-amz-copy-source} names no
     *     bucket and key
     */
    public static List<Permission> required(S3Operation operation, S3Request request, Optional<String> bucketOwner) {
        requireNonNull(operation, "operation is null");
        requireNonNull(request, "request is null");
        requireNonNull(bucketOwner, "bucketOwner is null");
        return switch (operation.name()) {
            case "DeleteObjects" -> throw new IllegalArgumentException(
                    "DeleteObjects is authorized per key of its body: use forDeleteObjects");
            case "PutObjectTagging" -> throw new IllegalArgumentException(
                    "PutObjectTagging is authorized with the tags of its body: use forPutObjectTagging");
            case "CreateBucket" -> createBucket(request, Optional.empty(), bucketOwner);
            default -> checks(grant(operation.name()), request, bucketOwner, Map.of());
        };
    }

    /**
     * DeleteObjects: one {@code s3:DeleteObject} per key of the request body, or
     * {@code s3:DeleteObjectVersion} (with {@code s3:versionid}) for an entry naming a version; and
     * {@code s3:BypassGovernanceRetention} per entry when the request asks to bypass governance retention.
     */
    public static List<Permission> forDeleteObjects(S3Request request, List<ObjectIdentifier> objects,
            Optional<String> bucketOwner) {
        requireNonNull(request, "request is null");
        requireNonNull(objects, "objects is null");
        requireNonNull(bucketOwner, "bucketOwner is null");
        String bucket = request.bucket().orElseThrow(() -> new IllegalArgumentException("DeleteObjects needs a bucket"));
        List<Permission> out = new ArrayList<>();
        boolean bypass = bypassesGovernance(request);
        for (ObjectIdentifier o : objects) {
            String arn = objectArn(bucket, o.key());
            Map<String, ContextValue> keys = new LinkedHashMap<>();
            owner(keys, bucketOwner);
            o.versionId().ifPresent(v -> keys.put("s3:versionid", ContextValue.string(v)));
            out.add(new Permission(o.versionId().isPresent() ? "s3:DeleteObjectVersion" : "s3:DeleteObject", arn, keys));
            if (bypass) {
                out.add(new Permission("s3:BypassGovernanceRetention", arn, ownerOnly(bucketOwner)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * PutObjectTagging with the tags its body sets: {@code s3:PutObjectTagging} (or
     * {@code s3:PutObjectVersionTagging} with a {@code versionId}) with {@code s3:RequestObjectTag/<key>}
     * per tag and {@code s3:RequestObjectTagKeys}.
     */
    public static List<Permission> forPutObjectTagging(S3Request request, Map<String, String> tags,
            Optional<String> bucketOwner) {
        requireNonNull(request, "request is null");
        requireNonNull(tags, "tags is null");
        requireNonNull(bucketOwner, "bucketOwner is null");
        return checks(grant("PutObjectTagging"), request, bucketOwner, tags);
    }

    /**
     * CreateBucket with the {@code LocationConstraint} of its body, if it had one, as
     * {@code s3:LocationConstraint}. Without one the key is absent (S3 creates such a bucket in
     * us-east-1; whether AWS then sets the key is not documented).
     */
    public static List<Permission> forCreateBucket(S3Request request, Optional<String> locationConstraint) {
        requireNonNull(request, "request is null");
        requireNonNull(locationConstraint, "locationConstraint is null");
        return createBucket(request, locationConstraint, Optional.empty());
    }

    private static List<Permission> createBucket(S3Request request, Optional<String> locationConstraint,
            Optional<String> bucketOwner) {
        String arn = bucketArn(request);
        List<Permission> out = new ArrayList<>();
        Map<String, ContextValue> keys = new LinkedHashMap<>();
        owner(keys, bucketOwner);
        locationConstraint.ifPresent(l -> keys.put("s3:LocationConstraint", ContextValue.string(l)));
        aclKeys(request, keys);
        request.header("x-amz-object-ownership").ifPresent(v -> keys.put("s3:x-amz-object-ownership", ContextValue.string(v)));
        out.add(new Permission("s3:CreateBucket", arn, keys));
        if (hasAcl(request)) {
            Map<String, ContextValue> aclKeys = new LinkedHashMap<>();
            owner(aclKeys, bucketOwner);
            aclKeys(request, aclKeys);
            out.add(new Permission("s3:PutBucketAcl", arn, aclKeys));
        }
        if (request.header("x-amz-bucket-object-lock-enabled").orElse("").equalsIgnoreCase("true")) {
            out.add(new Permission("s3:PutBucketObjectLockConfiguration", arn, ownerOnly(bucketOwner)));
            out.add(new Permission("s3:PutBucketVersioning", arn, ownerOnly(bucketOwner)));
        }
        if (request.header("x-amz-object-ownership").isPresent()) {
            out.add(new Permission("s3:PutBucketOwnershipControls", arn, ownerOnly(bucketOwner)));
        }
        return List.copyOf(out);
    }

    private static Grant grant(String operation) {
        Grant g = GRANTS.get(operation);
        if (g == null) {
            throw new IllegalArgumentException("'" + operation + "' is not an S3 operation");
        }
        return g;
    }

    /** The operation's own check, then what its headers add. {@code bodyTags}: PutObjectTagging's. */
    private static List<Permission> checks(Grant g, S3Request request, Optional<String> bucketOwner,
            Map<String, String> bodyTags) {
        Optional<String> versionId = request.queryValue("versionId");
        String action = versionId.isPresent() && g.versionAction().isPresent() ? g.versionAction().get() : g.action();
        String arn = switch (g.resource()) {
            case BUCKET -> bucketArn(request);
            case OBJECT -> objectArn(request);
            case NONE -> "*";
        };
        Map<String, ContextValue> keys = new LinkedHashMap<>();
        if (g.resource() != Grant.Resource.NONE) {
            owner(keys, bucketOwner);
        }
        if (!action.equals(g.action())) {
            keys.put("s3:versionid", ContextValue.string(versionId.orElseThrow()));
        }
        List<Permission> out = new ArrayList<>();
        switch (g.operation()) {
            case "ListObjects", "ListObjectsV2", "ListObjectVersions" -> listKeys(request, keys);
            case "PutObject", "CreateMultipartUpload", "CopyObject", "UploadPartCopy" -> objectWriteKeys(request, keys);
            case "PutObjectAcl", "PutBucketAcl" -> aclKeys(request, keys);
            case "PutObjectTagging" -> tagKeys(bodyTags, keys);
            default -> {
                // no keys from the request beyond the ones above
            }
        }
        out.add(new Permission(action, arn, keys));
        switch (g.operation()) {
            case "PutObject", "CreateMultipartUpload", "CopyObject" -> objectWriteExtras(request, arn, bucketOwner, out);
            case "GetObjectAttributes" -> {
                Map<String, ContextValue> readKeys = new LinkedHashMap<>(keys);
                out.add(new Permission(versionId.isPresent() ? "s3:GetObjectVersion" : "s3:GetObject", arn, readKeys));
            }
            case "DeleteObject", "PutObjectRetention" -> {
                if (bypassesGovernance(request)) {
                    out.add(new Permission("s3:BypassGovernanceRetention", arn, ownerOnly(bucketOwner)));
                }
            }
            default -> {
                // the operation's own check is all
            }
        }
        if (g.operation().equals("CopyObject") || g.operation().equals("UploadPartCopy")) {
            out.add(copySource(request));
        }
        return List.copyOf(out);
    }

    /** What tags and ACL headers add to an object write: s3:PutObjectTagging and s3:PutObjectAcl. */
    private static void objectWriteExtras(S3Request request, String arn, Optional<String> bucketOwner,
            List<Permission> out) {
        Optional<Map<String, String>> tags = requestTags(request);
        if (tags.isPresent()) {
            Map<String, ContextValue> keys = new LinkedHashMap<>();
            owner(keys, bucketOwner);
            tagKeys(tags.get(), keys);
            out.add(new Permission("s3:PutObjectTagging", arn, keys));
        }
        if (hasAcl(request)) {
            Map<String, ContextValue> keys = new LinkedHashMap<>();
            owner(keys, bucketOwner);
            aclKeys(request, keys);
            out.add(new Permission("s3:PutObjectAcl", arn, keys));
        }
    }

    private static void listKeys(S3Request request, Map<String, ContextValue> keys) {
        request.queryValue("prefix").ifPresent(v -> keys.put("s3:prefix", ContextValue.string(v)));
        request.queryValue("delimiter").ifPresent(v -> keys.put("s3:delimiter", ContextValue.string(v)));
        request.queryValue("max-keys").flatMap(S3Permissions::number)
                .ifPresent(n -> keys.put("s3:max-keys", ContextValue.number(n)));
    }

    private static void objectWriteKeys(S3Request request, Map<String, ContextValue> keys) {
        aclKeys(request, keys);
        for (String h : OBJECT_WRITE_HEADERS) {
            request.header(h).ifPresent(v -> keys.put("s3:" + h, ContextValue.string(v)));
        }
        request.header("x-amz-copy-source").ifPresent(v -> {
            CopySource source = CopySource.parse(v);
            keys.put("s3:x-amz-copy-source", ContextValue.string(source.bucket() + "/" + source.key()));
        });
        request.header("x-amz-object-lock-mode").ifPresent(v -> keys.put("s3:object-lock-mode", ContextValue.string(v)));
        request.header("x-amz-object-lock-legal-hold")
                .ifPresent(v -> keys.put("s3:object-lock-legal-hold", ContextValue.string(v)));
        request.header("x-amz-object-lock-retain-until-date").flatMap(S3Permissions::date)
                .ifPresent(d -> keys.put("s3:object-lock-retain-until-date", ContextValue.date(d)));
        requestTags(request).ifPresent(tags -> tagKeys(tags, keys));
    }

    private static void aclKeys(S3Request request, Map<String, ContextValue> keys) {
        for (String h : ACL_HEADERS) {
            request.header(h).ifPresent(v -> keys.put("s3:" + h, ContextValue.string(v)));
        }
    }

    private static void tagKeys(Map<String, String> tags, Map<String, ContextValue> keys) {
        tags.forEach((k, v) -> keys.put("s3:RequestObjectTag/" + k, ContextValue.string(v)));
        keys.put("s3:RequestObjectTagKeys", ContextValue.strings(List.copyOf(tags.keySet())));
    }

    private static boolean hasAcl(S3Request request) {
        return ACL_HEADERS.stream().anyMatch(h -> request.headers().containsKey(h));
    }

    private static boolean bypassesGovernance(S3Request request) {
        return request.header("x-amz-bypass-governance-retention").orElse("").equalsIgnoreCase("true");
    }

    /**
     * The tags of an {@code x-amz-tagging} header (URL query form, {@code k1=v1&k2=v2}); on CopyObject
     * only with {@code x-amz-tagging-directive: REPLACE}, as S3 ignores the header otherwise.
     */
    private static Optional<Map<String, String>> requestTags(S3Request request) {
        Optional<String> header = request.header("x-amz-tagging");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        if (request.headers().containsKey("x-amz-copy-source")
                && !request.header("x-amz-tagging-directive").orElse("COPY").equals("REPLACE")) {
            return Optional.empty();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : header.get().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                tags.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ServiceException(AwsErrorCode.INVALID_ARGUMENT, "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.");
            }
        }
        return Optional.of(tags);
    }

    /** The source read of a copy: s3:GetObject, or s3:GetObjectVersion for a source naming a version. */
    private static Permission copySource(S3Request request) {
        CopySource source = CopySource.parse(request.header("x-amz-copy-source")
                .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_ARGUMENT, BAD_COPY_SOURCE)));
        Map<String, ContextValue> keys = new LinkedHashMap<>();
        source.versionId().ifPresent(v -> keys.put("s3:versionid", ContextValue.string(v)));
        return new Permission(source.versionId().isPresent() ? "s3:GetObjectVersion" : "s3:GetObject",
                objectArn(source.bucket(), source.key()), keys);
    }

    private static void owner(Map<String, ContextValue> keys, Optional<String> bucketOwner) {
        bucketOwner.ifPresent(o -> keys.put("s3:ResourceAccount", ContextValue.string(o)));
    }

    private static Map<String, ContextValue> ownerOnly(Optional<String> bucketOwner) {
        Map<String, ContextValue> keys = new LinkedHashMap<>();
        owner(keys, bucketOwner);
        return keys;
    }

    private static String bucketArn(S3Request request) {
        return ARN_PREFIX + request.bucket().orElseThrow(() -> new IllegalArgumentException("the request names no bucket"));
    }

    private static String objectArn(S3Request request) {
        String key = request.key().orElseThrow(() -> new IllegalArgumentException("the request names no object"));
        return objectArn(request.bucket().orElseThrow(), key);
    }

    static String objectArn(String bucket, String key) {
        return ARN_PREFIX + bucket + "/" + key;
    }

    private static Optional<BigDecimal> number(String text) {
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> date(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code x-amz-copy-source}: {@code [/]bucket/key[?versionId=id]}, the bucket and key URL-encoded
     * (a {@code +} is a plus: S3 does not read it as a space here).
     */
    record CopySource(String bucket, String key, Optional<String> versionId) {
        static CopySource parse(String header) {
            String raw = header.startsWith("/") ? header.substring(1) : header;
            Optional<String> versionId = Optional.empty();
            int q = raw.indexOf('?');
            if (q >= 0) {
                String query = raw.substring(q + 1);
                raw = raw.substring(0, q);
                if (query.startsWith("versionId=")) {
                    versionId = Optional.of(decode(query.substring("versionId=".length())));
                }
            }
            String path = decode(raw);
            int slash = path.indexOf('/');
            if (slash <= 0 || slash == path.length() - 1) {
                throw new ServiceException(AwsErrorCode.INVALID_ARGUMENT, BAD_COPY_SOURCE);
            }
            return new CopySource(path.substring(0, slash), path.substring(slash + 1), versionId);
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ServiceException(AwsErrorCode.INVALID_ARGUMENT, BAD_COPY_SOURCE);
            }
        }
    }
}
