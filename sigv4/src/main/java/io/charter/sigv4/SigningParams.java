package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What {@link SigV4Signer} needs besides the request.
 *
 * @param credentials            who signs
 * @param region                 region of the credential scope
 * @param service                signing name, e.g. {@code sts} or {@code iam}
 * @param time                   signing time (seconds are kept, the rest dropped)
 * @param normalizePath          normalize the path in the canonical URI (every service but S3)
 * @param addContentSha256Header header signing adds and signs {@code x-amz-content-sha256}
 *                               (aws-c-auth's {@code sign_body}; botocore does not for STS/IAM)
 * @param signSessionToken       sign the session token; {@code false} reproduces clients that add
 *                               it after signing (aws-c-auth's {@code omit_session_token})
 */
public record SigningParams(
        Credentials credentials,
        String region,
        String service,
        Instant time,
        boolean normalizePath,
        boolean addContentSha256Header,
        boolean signSessionToken) {

    public SigningParams {
        requireNonNull(credentials, "credentials is null");
        requireNonNull(region, "region is null");
        requireNonNull(service, "service is null");
        requireNonNull(time, "time is null");
        if (region.isEmpty() || service.isEmpty()) {
            throw new IllegalArgumentException("region and service must be non-empty");
        }
    }

    /** The usual parameters: normalized path, no content-hash header, session token signed. */
    public static SigningParams of(Credentials credentials, String region, String service, Instant time) {
        return new SigningParams(credentials, region, service, time, true, false, true);
    }

    public SigningParams withTime(Instant newTime) {
        return new SigningParams(credentials, region, service, newTime, normalizePath, addContentSha256Header, signSessionToken);
    }

    public SigningParams withNormalizePath(boolean normalize) {
        return new SigningParams(credentials, region, service, time, normalize, addContentSha256Header, signSessionToken);
    }

    public SigningParams withContentSha256Header(boolean add) {
        return new SigningParams(credentials, region, service, time, normalizePath, add, signSessionToken);
    }

    public SigningParams withSignSessionToken(boolean sign) {
        return new SigningParams(credentials, region, service, time, normalizePath, addContentSha256Header, sign);
    }
}
