package io.charter.server.s3;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds S3 requests for the tests: {@code request("GET", "/bucket/key?versionId=1", "x-amz-acl", "private")}. */
final class S3Requests {
    private S3Requests() {}

    /** A request for a path with an optional query (already decoded), and header name/value pairs. */
    static S3Request request(String method, String target, String... headers) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                query.put(eq < 0 ? pair : pair.substring(0, eq), List.of(eq < 0 ? "" : pair.substring(eq + 1)));
            }
        }
        String rest = path.substring(1);
        Optional<String> bucket = Optional.empty();
        Optional<String> key = Optional.empty();
        if (!rest.isEmpty()) {
            int slash = rest.indexOf('/');
            bucket = Optional.of(slash < 0 ? rest : rest.substring(0, slash));
            if (slash >= 0) {
                key = Optional.of(rest.substring(slash + 1));
            }
        }
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return new S3Request(method, bucket, key, query, h);
    }
}
