package io.charter.server.s3;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.util.Map;

/**
 * The one place where an error of Charter's own authentication becomes S3's: S3 names some
 * failures differently from the query services ({@code InvalidAccessKeyId} for an unknown key,
 * {@code InvalidToken} for a session token that does not open, {@code ExpiredToken} with 400,
 * {@code RequestTimeTooSkewed}, {@code AccessDenied} for an expired presigned URL) and words them
 * its own way (a signature that does not match included). Stateless.
 */
final class S3Errors {
    static final String ACCESS_DENIED = "Access Denied";

    private static final Map<AwsErrorCode, String> S3_WORDING = Map.of(
            AwsErrorCode.INVALID_ACCESS_KEY_ID, "The AWS Access Key Id you provided does not exist in our records.",
            AwsErrorCode.INVALID_TOKEN, "The provided token is malformed or otherwise invalid.",
            AwsErrorCode.S3_EXPIRED_TOKEN, "The provided token has expired.",
            AwsErrorCode.REQUEST_TIME_TOO_SKEWED,
            "The difference between the request time and the current time is too large.",
            AwsErrorCode.SIGNATURE_DOES_NOT_MATCH,
            "The request signature we calculated does not match the signature you provided. Check your key and "
                    + "signing method.");

    private S3Errors() {
    }

    private static boolean isSkew(String message) {
        return message != null && (message.startsWith("Signature expired") || message.startsWith("Signature not yet current"));
    }

    /**
     * S3's error for a request Charter's authenticator refused.
     *
     * @param presigned whether the request was authenticated by its query (a presigned URL)
     * @param withToken whether it carried a session token
     */
    static ServiceException ofAuthentication(ServiceException e, boolean presigned, boolean withToken) {
        AwsErrorCode code = switch (e.errorCode()) {
            case INVALID_CLIENT_TOKEN_ID -> withToken ? AwsErrorCode.INVALID_TOKEN : AwsErrorCode.INVALID_ACCESS_KEY_ID;
            case EXPIRED_TOKEN -> AwsErrorCode.S3_EXPIRED_TOKEN;
            case REQUEST_EXPIRED -> presigned ? AwsErrorCode.ACCESS_DENIED : AwsErrorCode.REQUEST_TIME_TOO_SKEWED;
            // A header signature outside the 15 minutes (the parser's "Signature expired" / "not yet current").
            case SIGNATURE_DOES_NOT_MATCH -> !presigned && isSkew(e.getMessage())
                    ? AwsErrorCode.REQUEST_TIME_TOO_SKEWED : e.errorCode();
            case INCOMPLETE_SIGNATURE, MISSING_AUTHENTICATION_TOKEN, MALFORMED_QUERY_STRING -> presigned
                    ? AwsErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR : AwsErrorCode.AUTHORIZATION_HEADER_MALFORMED;
            default -> e.errorCode();
        };
        if (code == e.errorCode() && !S3_WORDING.containsKey(code)) {
            return e;
        }
        if (code == AwsErrorCode.ACCESS_DENIED) {
            return new ServiceException(code, "Request has expired");
        }
        return new ServiceException(code, S3_WORDING.getOrDefault(code, e.getMessage()));
    }
}
