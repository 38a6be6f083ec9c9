package io.charter.server.http;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.protocol.QueryCodec;
import io.charter.server.error.ServiceException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers requests that the HTTP layer refuses before routing (a malformed request line, headers
 * over the size limit, a body over the payload limit) with AWS's error envelope instead of the
 * server library's own text, so clients still see an AWS-shaped error.
 *
 * <p>Helidon's {@code INTERNAL_ERROR} is the client's fault here, 400: Helidon reports some
 * request lines it cannot read that way (a method token with control characters makes
 * {@code Method.create} throw {@code IllegalArgumentException}, which it does not turn into a 400;
 * the endpoint fuzz target found it), and hands this handler only the words "Internal error". A
 * routed request never gets here with a failure: {@code ApiEndpoint} answers each itself. Helidon
 * logs every internal error with its stack trace, so a defect of its own still shows in the log.
 */
public final class TransportErrors implements DirectHandler {
    private final QueryCodec codec;

    public TransportErrors(QueryCodec codec) {
        this.codec = codec;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
            ServerResponseHeaders headers, String message) {
        ServiceException error = switch (status.code()) {
            case 413 -> new ServiceException(AwsErrorCode.REQUEST_ENTITY_TOO_LARGE,
                    "Request body exceeds the size limit.");
            case 431 -> new ServiceException(AwsErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "Request headers are too large.");
            default -> eventType != EventType.INTERNAL_ERROR && status.code() >= 500
                    ? new ServiceException(AwsErrorCode.INTERNAL_FAILURE,
                            "The request processing has failed because of an unknown error, exception or failure.")
                    : new ServiceException(AwsErrorCode.MALFORMED_QUERY_STRING, "The request could not be parsed as HTTP.");
        };
        String requestId = RequestIds.next();
        return TransportResponse.builder()
                .status(HttpStatuses.of(error.httpStatus()))
                .header(HeaderNames.CONTENT_TYPE, QueryCodec.CONTENT_TYPE)
                .header(HeaderNames.create("x-amzn-RequestId"), requestId)
                .keepAlive(false)
                .entity(codec.encodeError(null, error, requestId))
                .build();
    }
}
