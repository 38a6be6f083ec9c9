package io.charter.server.error;

/**
 * S3's errors about buckets themselves (which exist, who owns them, how many), worded as S3's
 * error responses list words them; raised by the domain layer's bucket writes and readable by the
 * S3 operations for the same conditions.
 */
public final class BucketErrors {
    private BucketErrors() {
    }

    public static ServiceException noSuchBucket() {
        return new ServiceException(AwsErrorCode.NO_SUCH_BUCKET, "The specified bucket does not exist");
    }

    /** Another account owns a bucket of the name: bucket names are shared by every account. */
    public static ServiceException bucketAlreadyExists() {
        return new ServiceException(AwsErrorCode.BUCKET_ALREADY_EXISTS, "The requested bucket name is not available."
                + " The bucket namespace is shared by all users of the system. Please select a different name and try"
                + " again.");
    }

    /** The caller's own account owns a bucket of the name already. */
    public static ServiceException bucketAlreadyOwnedByYou() {
        return new ServiceException(AwsErrorCode.BUCKET_ALREADY_OWNED_BY_YOU,
                "Your previous request to create the named bucket succeeded and you already own it.");
    }

    /** The account owns as many buckets as it may. */
    public static ServiceException tooManyBuckets() {
        return new ServiceException(AwsErrorCode.TOO_MANY_BUCKETS, "You have attempted to create more buckets than allowed");
    }
}
