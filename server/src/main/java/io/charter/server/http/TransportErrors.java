package io.charter.server.http;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.QueryCodec;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers requests that the HTTP layer refuses before routing (a malformed request line or header,
 * an ambiguous body length, headers over the size limit, a body over the payload limit, an HTTP
 * version other than 1.1) with AWS's error envelope instead of the server library's own text, so
 * clients still see an AWS-shaped error; the connection is then closed. Nothing of the request is
 * known yet, so the envelope is the Query protocol's in the namespace of STS (see
 * {@link QueryCodec#encodeError}).
 *
 * <p>A failure of the HTTP layer while it still parses a request's head is the request's fault
 * (the library throws, say, on a control character in the method): it is answered 400 like any
 * other malformed request, and so not logged as a server error. Failures once a request is being
 * served stay 500 and are logged by the library.
 *
 * <p>Thread-safe: immutable.
 */
public final class TransportErrors implements DirectHandler {
    private static final String UNPARSABLE = "The request could not be parsed as HTTP.";

    private final QueryCodec codec;
    private final RequestDeadlines deadlines;

    public TransportErrors(QueryCodec codec, RequestDeadlines deadlines) {
        this.codec = codec;
        this.deadlines = deadlines;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
            ServerResponseHeaders headers, String message) {
        ServiceException error = error(status.code());
        String requestId = RequestIds.next();
        return TransportResponse.builder()
                .status(HttpStatuses.of(error.httpStatus()))
                .header(HeaderNames.CONTENT_TYPE, QueryCodec.CONTENT_TYPE)
                .header(HeaderNames.create("x-amzn-RequestId"), requestId)
                .keepAlive(false)
                .entity(codec.encodeError(null, error, requestId))
                .build();
    }

    private ServiceException error(int status) {
        return switch (status) {
            case 413 -> new ServiceException(AwsErrorCode.REQUEST_ENTITY_TOO_LARGE, "Request body exceeds the size limit.");
            case 414, 431 -> new ServiceException(AwsErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "Request line and headers are too large.");
            case 505 -> new ServiceException(AwsErrorCode.HTTP_VERSION_NOT_SUPPORTED,
                    "Only HTTP/1.1 is supported.");
            case 503 -> new ServiceException(AwsErrorCode.SERVICE_UNAVAILABLE,
                    "The server is busy; try again later.");
            default -> status >= 500 && deadlines.servingRequest()
                    ? new ServiceException(AwsErrorCode.INTERNAL_FAILURE,
                            "The request processing has failed because of an unknown error, exception or failure.")
                    : new ServiceException(AwsErrorCode.MALFORMED_QUERY_STRING, UNPARSABLE);
        };
    }
}
