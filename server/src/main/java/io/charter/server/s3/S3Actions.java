package io.charter.server.s3;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The S3 actions a bucket policy may name, with the resource type each applies to (Service
 * Authorization Reference, "Actions defined by Amazon S3"): a bucket action needs a bucket ARN in
 * the statement, an object action an object ARN, and the rest (account, access point, job, Storage
 * Lens actions) apply to no resource a bucket policy can name. Case-insensitive, as IAM reads
 * actions. Immutable and thread-safe.
 */
final class S3Actions {
    /** What an action applies to. */
    enum Applies {
        BUCKET,
        OBJECT,
        OTHER
    }

    private static final Map<String, Applies> BY_LOWER = build();

    private S3Actions() {}

    private static Map<String, Applies> build() {
        Map<String, Applies> m = new LinkedHashMap<>();
        for (Grant g : Grant.load().values()) {
            if (g.action().startsWith("s3:")) {
                Applies a = switch (g.resource()) {
                    case BUCKET -> Applies.BUCKET;
                    case OBJECT -> Applies.OBJECT;
                    case NONE -> Applies.OTHER;
                };
                m.put(g.action().toLowerCase(Locale.ROOT), a);
                g.versionAction().ifPresent(v -> m.put(v.toLowerCase(Locale.ROOT), a));
            }
        }
        for (String a : List.of("BypassGovernanceRetention", "DeleteObjectVersion", "GetObjectVersionForReplication",
                "InitiateReplication", "ObjectOwnerOverrideToBucketOwner", "PutObjectVersionAcl", "ReplicateDelete",
                "ReplicateObject", "ReplicateTags", "GetObjectVersionAcl", "GetObjectVersionTagging",
                "PutObjectVersionTagging", "DeleteObjectVersionTagging", "GetObjectVersionTorrent",
                "GetObjectVersionAttributes", "GetObjectVersion", "PutObjectAcl", "PutObjectTagging")) {
            m.put("s3:" + a.toLowerCase(Locale.ROOT), Applies.OBJECT);
        }
        for (String a : List.of("ListBucketVersions", "ListBucketMultipartUploads", "PutBucketObjectLockConfiguration",
                "GetBucketObjectLockConfiguration", "PutBucketVersioning", "PutBucketOwnershipControls",
                "GetBucketOwnershipControls")) {
            m.put("s3:" + a.toLowerCase(Locale.ROOT), Applies.BUCKET);
        }
        for (String a : List.of("ListAllMyBuckets", "CreateJob", "DescribeJob", "ListJobs", "UpdateJobPriority",
                "UpdateJobStatus", "CreateAccessPoint", "DeleteAccessPoint", "GetAccessPoint", "ListAccessPoints",
                "GetAccessPointPolicy", "PutAccessPointPolicy", "DeleteAccessPointPolicy",
                "GetAccountPublicAccessBlock", "PutAccountPublicAccessBlock", "GetStorageLensConfiguration",
                "PutStorageLensConfiguration", "DeleteStorageLensConfiguration", "ListStorageLensConfigurations",
                "GetStorageLensDashboard", "CreateMultiRegionAccessPoint", "ListMultiRegionAccessPoints")) {
            m.putIfAbsent("s3:" + a.toLowerCase(Locale.ROOT), Applies.OTHER);
        }
        // A bucket policy belongs to a bucket that exists: S3 refuses s3:CreateBucket in one (versitygw's
        // tests against S3, auth/bucket_policy_condition.go).
        m.put("s3:createbucket", Applies.OTHER);
        return Map.copyOf(m);
    }

    /**
     * What the actions an {@code s3:} pattern names apply to ({@code s3:Get*} names bucket and object
     * actions); empty when it names none, i.e. is not a valid S3 action.
     */
    static List<Applies> matching(String pattern) {
        String p = pattern.toLowerCase(Locale.ROOT);
        List<Applies> out = new ArrayList<>();
        BY_LOWER.forEach((action, applies) -> {
            if (!out.contains(applies) && Wildcards.matches(p, action)) {
                out.add(applies);
            }
        });
        return out;
    }

    /** Whether {@code action} (exact, any case) is a known S3 action. */
    static boolean isAction(String action) {
        return BY_LOWER.containsKey(action.toLowerCase(Locale.ROOT));
    }
}
