package io.charter.sigv4;

/**
 * The AWS error codes a SigV4 check can produce, with the HTTP status AWS answers them with.
 * Errors about the credentials themselves (unknown key, bad or expired session token) are the
 * server's, raised between {@link SignatureParser} and {@link SignatureVerifier}.
 */
public enum SigV4ErrorCode {
    /** No {@code Authorization} header and no {@code X-Amz-Algorithm} parameter (STS answers 403). */
    MissingAuthenticationToken(403),
    /** The authentication information is malformed or incomplete. */
    IncompleteSignature(400),
    /** A bad percent-escape in the query string. */
    MalformedQueryString(400),
    /** Clock skew, wrong scope, unsigned headers, or the signature itself. */
    SignatureDoesNotMatch(403),
    /** A presigned URL used after {@code X-Amz-Date + X-Amz-Expires}. */
    RequestExpired(400);

    private final int httpStatus;

    SigV4ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
