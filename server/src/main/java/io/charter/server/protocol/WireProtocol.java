package io.charter.server.protocol;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;

/**
 * The wire protocols of the services Charter serves, as their service models name them. Each says
 * how its services name an error: AWS JSON services name authentication failures differently from
 * Query services ({@code UnrecognizedClientException} for {@code InvalidClientTokenId}, and so on),
 * and this is the one place that renames them.
 */
public enum WireProtocol {
    /** The AWS Query protocol: form parameters in, XML out (STS, IAM). */
    AWS_QUERY,
    /** AWS JSON 1.1: a JSON object in and out, the operation named by {@code X-Amz-Target} (Organizations). */
    AWS_JSON_1_1,
    /**
     * The EC2 query protocol: form parameters in (EC2's names, lists flattened), XML out without a
     * result wrapper, errors in {@code <Response><Errors><Error>}.
     */
    EC2;

    /** EC2's words for a request it could not authenticate (an unknown key, a signature that does not match). */
    static final String EC2_AUTH_FAILURE = "AWS was not able to validate the provided access credentials";
    /** EC2's words that open every {@code UnauthorizedOperation} message. */
    public static final String EC2_UNAUTHORIZED = "You are not authorized to perform this operation.";

    /**
     * The protocol a model declares: {@code query}, {@code ec2}, or {@code json} at version 1.1.
     *
     * @throws IllegalArgumentException for any other protocol (rest-json, rest-xml, …), which no
     *     codec here serves
     */
    public static WireProtocol of(ServiceModel model) {
        if (ModelReader.QUERY_PROTOCOL.equals(model.protocol())) {
            return AWS_QUERY;
        }
        if (ModelReader.EC2_PROTOCOL.equals(model.protocol())) {
            return EC2;
        }
        if (!ModelReader.JSON_PROTOCOL.equals(model.protocol())) {
            throw new IllegalArgumentException("service model '" + model.name() + "' has the protocol "
                    + model.protocol() + ", which Charter does not serve");
        }
        if (!model.jsonVersion().orElse("").equals(JsonCodec.JSON_VERSION)) {
            throw new IllegalArgumentException("service model '" + model.name() + "' is AWS JSON "
                    + model.jsonVersion().orElse("(no version)") + "; only AWS JSON " + JsonCodec.JSON_VERSION + " is served");
        }
        return AWS_JSON_1_1;
    }

    /** {@code error} as this protocol's services name it. */
    public ServiceException named(ServiceException error) {
        return switch (this) {
            case AWS_QUERY -> error;
            case AWS_JSON_1_1 -> json(error);
            case EC2 -> ec2(error);
        };
    }

    private static ServiceException json(ServiceException error) {
        AwsErrorCode code = switch (error.errorCode()) {
            case MISSING_AUTHENTICATION_TOKEN -> AwsErrorCode.MISSING_AUTHENTICATION_TOKEN_EXCEPTION;
            case INVALID_CLIENT_TOKEN_ID -> AwsErrorCode.UNRECOGNIZED_CLIENT;
            case SIGNATURE_DOES_NOT_MATCH -> AwsErrorCode.INVALID_SIGNATURE;
            case INCOMPLETE_SIGNATURE -> AwsErrorCode.INCOMPLETE_SIGNATURE_EXCEPTION;
            case EXPIRED_TOKEN -> AwsErrorCode.EXPIRED_TOKEN_EXCEPTION;
            case ACCESS_DENIED -> AwsErrorCode.ACCESS_DENIED_EXCEPTION;
            case UNSUPPORTED_MEDIA_TYPE -> AwsErrorCode.UNSUPPORTED_MEDIA_TYPE_EXCEPTION;
            case CONCURRENT_MODIFICATION -> AwsErrorCode.CONCURRENT_MODIFICATION_EXCEPTION;
            case SERVICE_FAILURE -> AwsErrorCode.ORGANIZATIONS_SERVICE_EXCEPTION;
            default -> error.errorCode();
        };
        return code == error.errorCode() ? error : new ServiceException(code, error.getMessage());
    }

    /**
     * EC2's names: {@code AuthFailure} (401, in EC2's fixed words, which say nothing of the cause)
     * for an unknown key or a signature that does not match; {@code RequestExpired} for a signature
     * outside the allowed clock skew and for expired temporary credentials (Charter's message kept,
     * it says which); {@code UnauthorizedOperation} for a denial, its message opened by EC2's
     * sentence; {@code MissingParameter} for an unsigned request (EC2 asks for
     * {@code AWSAccessKeyId}); EC2's server-side codes.
     */
    private static ServiceException ec2(ServiceException error) {
        return switch (error.errorCode()) {
            case INVALID_CLIENT_TOKEN_ID -> new ServiceException(AwsErrorCode.AUTH_FAILURE, EC2_AUTH_FAILURE);
            // The signature parser's words for a time outside the skew (S3Errors reads them the same way).
            case SIGNATURE_DOES_NOT_MATCH -> outsideSkew(error.getMessage())
                    ? new ServiceException(AwsErrorCode.REQUEST_EXPIRED, error.getMessage())
                    : new ServiceException(AwsErrorCode.AUTH_FAILURE, EC2_AUTH_FAILURE);
            case EXPIRED_TOKEN -> new ServiceException(AwsErrorCode.REQUEST_EXPIRED, error.getMessage());
            case MISSING_AUTHENTICATION_TOKEN -> new ServiceException(AwsErrorCode.MISSING_PARAMETER,
                    "The request must contain the parameter AWSAccessKeyId");
            case ACCESS_DENIED -> new ServiceException(AwsErrorCode.UNAUTHORIZED_OPERATION,
                    error.getMessage().startsWith(EC2_UNAUTHORIZED)
                            ? error.getMessage() : EC2_UNAUTHORIZED + " " + error.getMessage());
            case VALIDATION_ERROR -> new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE, error.getMessage());
            case INTERNAL_FAILURE, SERVICE_FAILURE -> new ServiceException(AwsErrorCode.INTERNAL_ERROR,
                    "An internal error has occurred");
            case SERVICE_UNAVAILABLE -> new ServiceException(AwsErrorCode.EC2_UNAVAILABLE, error.getMessage());
            case THROTTLING -> new ServiceException(AwsErrorCode.REQUEST_LIMIT_EXCEEDED, error.getMessage());
            default -> error;
        };
    }

    private static boolean outsideSkew(String message) {
        return message != null && (message.startsWith("Signature expired") || message.startsWith("Signature not yet current"));
    }
}
