package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request to forward to the backend, as Charter received it, less its own authentication.
 *
 * @param method        the HTTP method, e.g. {@code PUT}
 * @param rawPath       {@code /bucket/key...}, percent-encoded as the client encoded it (its escapes decode to
 *                      UTF-8); the backend gets the same key in S3's canonical spelling (see {@code S3Paths})
 * @param rawQuery      the query without {@code ?}, as received; may be empty
 * @param headers       the headers to pass along, in order. The caller has already dropped the client's own
 *                      {@code authorization}, {@code x-amz-date}, {@code x-amz-security-token},
 *                      {@code x-amz-content-sha256}, {@code host}, {@code content-length} and
 *                      {@code transfer-encoding}; {@link S3Backend} drops hop-by-hop headers besides
 * @param body          the body, read once while the request is sent; empty for none
 * @param contentLength the body's exact length in bytes; {@code -1} only when there is no body
 */
public record BackendRequest(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers,
        Optional<InputStream> body, long contentLength) {

    public BackendRequest {
        requireNonNull(method, "method is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(rawQuery, "rawQuery is null");
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
        if (method.isEmpty()) {
            throw new IllegalArgumentException("method is empty");
        }
        if (!rawPath.startsWith("/")) {
            throw new IllegalArgumentException("rawPath does not start with '/': " + rawPath);
        }
        if (rawQuery.startsWith("?")) {
            throw new IllegalArgumentException("rawQuery starts with '?'");
        }
        if (body.isPresent() ? contentLength < 0 : contentLength != -1) {
            throw new IllegalArgumentException("contentLength is the body's length, -1 only without a body: "
                    + contentLength);
        }
        headers = List.copyOf(headers);
    }

    /** A request without a body. */
    public static BackendRequest withoutBody(String method, String rawPath, String rawQuery,
            List<Map.Entry<String, String>> headers) {
        return new BackendRequest(method, rawPath, rawQuery, headers, Optional.empty(), -1);
    }
}
