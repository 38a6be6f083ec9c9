package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A bucket Charter knows: its owner, region, creation time and bucket policy. Charter owns bucket
 * ownership and bucket policies (the S3-compatible store underneath holds the objects); they are
 * part of the {@link IdentitySnapshot}, so authorizing an S3 request reads no store. Immutable.
 *
 * @param name the bucket's name, global across the accounts of the server (as in S3)
 * @param accountId the account that owns it
 * @param region the region it was made in
 * @param createdAt when it was made
 * @param policy its bucket policy, if it has one
 */
public record Bucket(String name, String accountId, String region, Instant createdAt, Optional<BucketPolicy> policy) {
    public Bucket {
        requireNonNull(name, "name is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(policy, "policy is null");
    }

    /** This bucket with {@code newPolicy} in place of its policy. */
    public Bucket withPolicy(Optional<BucketPolicy> newPolicy) {
        return new Bucket(name, accountId, region, createdAt, newPolicy);
    }

    /** The bucket's ARN, {@code arn:aws:s3:::NAME}. */
    public String arn() {
        return Arns.bucket(name);
    }
}
