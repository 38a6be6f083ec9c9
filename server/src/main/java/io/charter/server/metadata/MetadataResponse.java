package io.charter.server.metadata;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The agent's answer to one request.
 *
 * @param hopLimit for a session token, how many hops the answer's packets may travel (their IP TTL)
 */
record MetadataResponse(int status, String contentType, String body, Map<String, String> headers,
        OptionalInt hopLimit) {
    MetadataResponse {
        requireNonNull(contentType, "contentType is null");
        requireNonNull(body, "body is null");
        headers = Map.copyOf(headers);
        requireNonNull(hopLimit, "hopLimit is null");
    }

    /** Without its body, which may be a token or credentials. */
    @Override
    public String toString() {
        return "MetadataResponse[" + status + " " + contentType + "]";
    }

    static MetadataResponse text(String body) {
        return new MetadataResponse(200, "text/plain", body, Map.of(), OptionalInt.empty());
    }

    static MetadataResponse json(int status, String body) {
        return new MetadataResponse(status, "application/json", body, Map.of(), OptionalInt.empty());
    }

    /** IMDS answers its refusals with a small HTML page naming the status. */
    static MetadataResponse status(int status, String reason) {
        String title = status + " - " + reason;
        return new MetadataResponse(status, "text/html", "<html><head><title>" + title + "</title></head><body><h1>"
                + title + "</h1></body></html>\n", Map.of(), OptionalInt.empty());
    }

    /** A refusal of the container endpoint: plain text, as the container credential agents answer. */
    static MetadataResponse refusal(int status, String message) {
        return new MetadataResponse(status, "text/plain", message + "\n", Map.of(), OptionalInt.empty());
    }
}
