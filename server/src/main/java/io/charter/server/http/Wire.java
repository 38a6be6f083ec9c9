package io.charter.server.http;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.protocol.DecodedRequest;
import io.charter.server.protocol.JsonCodec;
import io.charter.server.protocol.QueryCodec;
import io.charter.server.protocol.FormParameters;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.protocol.StructValue;
import io.charter.server.protocol.WireProtocol;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * A wire protocol the endpoint speaks: the AWS Query protocol (STS, IAM) or AWS JSON 1.1
 * (Organizations, chosen by the {@code X-Amz-Target} header). Each decodes a request and writes
 * results and errors in its own envelope. Immutable.
 */
sealed interface Wire {
    /** The header that names an AWS JSON operation; its presence selects the JSON wire. */
    HeaderName TARGET = HeaderNames.create(JsonCodec.TARGET_HEADER);


    DecodedRequest decode(ServerRequest request, byte[] body, String scopeService);

    byte[] result(DecodedRequest request, StructValue output, String requestId);

    /** Writes the status, headers and body of an error; {@code scopeService} may be null. */
    void sendError(ServerResponse response, String scopeService, ServiceException error, String requestId);

    String contentType();

    /** The AWS Query protocol: form bodies or query strings in, XML out. */
    record Query(QueryCodec codec) implements Wire {
        @Override
        public DecodedRequest decode(ServerRequest request, byte[] body, String scopeService) {
            FormParameters parameters = request.prologue().method().equals(Method.POST) && body.length > 0
                    ? FormParameters.parseForm(body)
                    : FormParameters.parseQuery(Optional.ofNullable(request.query().rawValue()).orElse(""));
            return codec.decode(parameters, Optional.of(scopeService));
        }

        @Override
        public byte[] result(DecodedRequest request, StructValue output, String requestId) {
            return codec.encodeResult(request, output, requestId);
        }

        @Override
        public void sendError(ServerResponse response, String scopeService, ServiceException error, String requestId) {
            ServiceModel service = scopeService == null ? null : codec.service(scopeService).orElse(null);
            ApiEndpoint.send(response, error.httpStatus(), contentType(), codec.encodeError(service, error, requestId),
                    requestId);
        }

        @Override
        public String contentType() {
            return QueryCodec.CONTENT_TYPE;
        }
    }

    /** AWS JSON 1.1, which names some errors differently from the Query protocol ({@link WireProtocol#named}). */
    record Json(JsonCodec codec) implements Wire {
        @Override
        public DecodedRequest decode(ServerRequest request, byte[] body, String scopeService) {
            String target = request.headers().first(TARGET).orElse("");
            DecodedRequest decoded = codec.decode(target, body);
            if (!decoded.service().signingName().equals(scopeService)) {
                throw new ServiceException(AwsErrorCode.SIGNATURE_DOES_NOT_MATCH,
                        "Credential should be scoped to correct service: '" + decoded.service().signingName() + "'. ");
            }
            return decoded;
        }

        @Override
        public byte[] result(DecodedRequest request, StructValue output, String requestId) {
            return codec.encodeResult(request, output);
        }

        @Override
        public void sendError(ServerResponse response, String scopeService, ServiceException error, String requestId) {
            ServiceException translated = WireProtocol.AWS_JSON_1_1.named(error);
            response.header(JsonCodec.ERROR_TYPE_HEADER, codec.errorType(translated));
            ApiEndpoint.send(response, translated.httpStatus(), contentType(), codec.encodeError(translated), requestId);
        }

        @Override
        public String contentType() {
            return JsonCodec.CONTENT_TYPE;
        }
    }
}
