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
    AWS_JSON_1_1;

    /**
     * The protocol a model declares: {@code query}, or {@code json} at version 1.1.
     *
     * @throws IllegalArgumentException for any other protocol (rest-json, rest-xml, ec2, …), which
     *     no codec here serves
     */
    public static WireProtocol of(ServiceModel model) {
        if (ModelReader.QUERY_PROTOCOL.equals(model.protocol())) {
            return AWS_QUERY;
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
        if (this == AWS_QUERY) {
            return error;
        }
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
}
