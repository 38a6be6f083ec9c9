package io.charter.server.http;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.protocol.DecodedRequest;
import io.charter.server.protocol.Ec2Codec;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A wire protocol the endpoint speaks: the AWS Query protocol (STS, IAM), AWS JSON 1.1
 * (Organizations, chosen by the {@code X-Amz-Target} header) or EC2's query protocol (chosen by a
 * signature whose credential scope names the EC2 service). Each decodes a request and writes
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

    /**
     * Refuses a request whose {@code Content-Type} (its media type, parameters such as
     * {@code charset} aside, compared without case) is none of {@code accepted}; a request without
     * one passes when {@code absentAccepted}.
     */
    static void requireMediaType(ServerRequest request, List<String> accepted, boolean absentAccepted,
            AwsErrorCode code) {
        Optional<String> contentType = request.headers().first(HeaderNames.CONTENT_TYPE);
        if (contentType.isEmpty()) {
            if (absentAccepted) {
                return;
            }
            throw new ServiceException(code, "A Content-Type header is required: " + String.join(" or ", accepted) + ".");
        }
        String value = contentType.get();
        int semicolon = value.indexOf(';');
        String mediaType = (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        if (!accepted.contains(mediaType)) {
            throw new ServiceException(code, "Content-Type '" + value + "' is not supported: send "
                    + String.join(" or ", accepted) + ".");
        }
    }

    /**
     * The service a request's SigV4 credential scope names ({@code AKID/DATE/REGION/SERVICE/aws4_request}
     * in the {@code Authorization} header or the {@code X-Amz-Credential} query parameter), read
     * leniently before the signature is parsed, so that an error about the signature itself is
     * written in that service's protocol. Empty when the request has none that reads.
     */
    static Optional<String> scopeService(ServerRequest request) {
        String credential = null;
        Optional<String> authorization = request.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            String value = authorization.get();
            int start = value.indexOf("Credential=");
            if (start >= 0) {
                start += "Credential=".length();
                int end = value.indexOf(',', start);
                credential = (end < 0 ? value.substring(start) : value.substring(start, end)).strip();
            }
        } else {
            String raw = request.query().rawValue();
            if (raw != null && raw.contains("X-Amz-Credential=")) {
                try {
                    credential = FormParameters.parseQuery(raw).first("X-Amz-Credential").orElse(null);
                } catch (ServiceException e) {
                    credential = null; // the signature parser answers it
                }
            }
        }
        if (credential == null) {
            return Optional.empty();
        }
        String[] parts = credential.split("/", -1);
        return parts.length >= 5 ? Optional.of(parts[parts.length - 2]) : Optional.empty();
    }

    /** A Query-style request's parameters: its form body (a POST with a body), else its query string. */
    private static FormParameters parameters(ServerRequest request, byte[] body) {
        boolean form = request.prologue().method().equals(Method.POST) && body.length > 0;
        if (form) {
            requireMediaType(request, List.of(Query.FORM), true, AwsErrorCode.UNSUPPORTED_MEDIA_TYPE);
        }
        return form
                ? FormParameters.parseForm(body)
                : FormParameters.parseQuery(Optional.ofNullable(request.query().rawValue()).orElse(""));
    }

    /** The AWS Query protocol: form bodies or query strings in, XML out. */
    record Query(QueryCodec codec) implements Wire {
        /** The form body's media type; a POST body without a {@code Content-Type} is read as a form too. */
        static final String FORM = "application/x-www-form-urlencoded";

        @Override
        public DecodedRequest decode(ServerRequest request, byte[] body, String scopeService) {
            return codec.decode(parameters(request, body), Optional.of(scopeService));
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
        private static final List<String> JSON_TYPES = List.of(JsonCodec.CONTENT_TYPE, "application/x-amz-json-1.0");

        @Override
        public DecodedRequest decode(ServerRequest request, byte[] body, String scopeService) {
            requireMediaType(request, JSON_TYPES, false, AwsErrorCode.UNSUPPORTED_MEDIA_TYPE);
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

    /**
     * EC2's query protocol: form bodies or query strings in, as the Query protocol, XML out in EC2's
     * envelopes, errors named as EC2 names them ({@link WireProtocol#named}).
     */
    record Ec2(Ec2Codec codec) implements Wire {
        @Override
        public DecodedRequest decode(ServerRequest request, byte[] body, String scopeService) {
            if (!codec.service().signingName().equals(scopeService)) {
                throw new ServiceException(AwsErrorCode.SIGNATURE_DOES_NOT_MATCH,
                        "Credential should be scoped to correct service: '" + codec.service().signingName() + "'. ");
            }
            return codec.decode(parameters(request, body));
        }

        @Override
        public byte[] result(DecodedRequest request, StructValue output, String requestId) {
            return codec.encodeResult(request, output, requestId);
        }

        @Override
        public void sendError(ServerResponse response, String scopeService, ServiceException error, String requestId) {
            ServiceException named = WireProtocol.EC2.named(error);
            ApiEndpoint.send(response, named.httpStatus(), contentType(), codec.encodeError(named, requestId), requestId);
        }

        @Override
        public String contentType() {
            return Ec2Codec.CONTENT_TYPE;
        }
    }
}
