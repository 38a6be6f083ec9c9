package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One S3 request as the endpoint parsed it: what {@link S3Operation#identify} and
 * {@link S3Permissions} read. Immutable and thread-safe.
 *
 * @param method the HTTP method, upper case
 * @param bucket the bucket named by the path or host, decoded; empty for {@code GET /}
 * @param key the object key, decoded (it may contain {@code /}); empty when the path names only the bucket
 * @param query decoded parameter name to its values; a name without a value maps to {@code [""]}
 * @param headers lower-case header name to its first value
 */
public record S3Request(String method, Optional<String> bucket, Optional<String> key, Map<String, List<String>> query,
        Map<String, String> headers) {
    public S3Request {
        requireNonNull(method, "method is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        if (key.isPresent() && bucket.isEmpty()) {
            throw new IllegalArgumentException("a key needs a bucket");
        }
        Map<String, List<String>> q = new LinkedHashMap<>();
        requireNonNull(query, "query is null").forEach((name, values) -> q.put(name, List.copyOf(values)));
        query = Map.copyOf(q);
        Map<String, String> h = new LinkedHashMap<>();
        requireNonNull(headers, "headers is null").forEach((name, value) -> h.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(h);
    }

    /** The first value of query parameter {@code name} ({@code ""} for a name without a value). */
    public Optional<String> queryValue(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The value of header {@code name} (any case). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
