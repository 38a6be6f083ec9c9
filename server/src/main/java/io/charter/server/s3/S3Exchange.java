package io.charter.server.s3;

import io.charter.server.auth.Caller;
import io.charter.server.auth.RequestFacts;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.BucketErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Bucket;
import io.charter.server.identity.IdentitySnapshot;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Everything one S3 request's handling reads, and its answers' common parts.
 *
 * @param facts the request's facts for a decision (time, source, transport, signed region)
 * @param audit the request's record, made durable before each answer ({@link #sendXml}, {@link #sendEmpty},
 *     {@link S3Audit#beforeAnswer} for the others)
 */
record S3Exchange(ServerRequest request, ServerResponse response, S3Address address, S3Request s3,
        S3Operation operation, Authentication authentication, IdentitySnapshot snapshot, RequestFacts facts,
        String requestId, String hostId, S3Audit audit) {
    String bucketName() {
        return address.bucket().orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_REQUEST,
                "This operation needs a bucket."));
    }

    /** The request's bucket, known to Charter; {@code NoSuchBucket} otherwise (S3 tells anyone). */
    Bucket existingBucket() {
        return snapshot.bucket(bucketName()).orElseThrow(BucketErrors::noSuchBucket);
    }

    /** The caller, who must have signed: S3's bucket listing and creation are never anonymous. */
    Caller signedCaller() {
        return authentication.caller().orElseThrow(() ->
                new ServiceException(AwsErrorCode.ACCESS_DENIED, S3Errors.ACCESS_DENIED));
    }

    void sendXml(int status, byte[] xml) {
        audit.beforeAnswer();
        response.status(Status.create(status));
        response.header(HeaderNames.CONTENT_TYPE, S3Xml.CONTENT_TYPE);
        stampIds();
        response.send(xml);
    }

    void sendEmpty(int status) {
        audit.beforeAnswer();
        response.status(Status.create(status));
        stampIds();
        response.send();
    }

    /** This request's {@code x-amz-request-id} and {@code x-amz-id-2}. */
    void stampIds() {
        response.header("x-amz-request-id", requestId);
        response.header("x-amz-id-2", hostId);
    }
}
