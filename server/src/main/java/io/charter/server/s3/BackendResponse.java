package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backend's answer: status, headers and the body still on its way. Close it (or read the body to its end and
 * close that) to give the connection back.
 *
 * @param status  the HTTP status
 * @param headers the headers as received, names lower-case, values in order (kept in the order received)
 * @param body    the body as it arrives (empty for {@code HEAD})
 */
public record BackendResponse(int status, Map<String, List<String>> headers, InputStream body)
        implements AutoCloseable {

    public BackendResponse {
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of header {@code lowerCaseName}, if the backend sent it. */
    public Optional<String> header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
