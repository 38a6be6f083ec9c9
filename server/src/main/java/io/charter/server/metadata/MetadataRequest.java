package io.charter.server.metadata;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One request to the agent, as far as its answer depends on it: the method, the path (without its
 * query) and the headers IMDS and the container endpoint read.
 *
 * @param forwarded whether it carries {@code X-Forwarded-For} (it came through a proxy)
 */
record MetadataRequest(String method, String path, Optional<String> token, Optional<String> ttlSeconds,
        boolean forwarded, Optional<String> authorization) {
    MetadataRequest {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(token, "token is null");
        requireNonNull(ttlSeconds, "ttlSeconds is null");
        requireNonNull(authorization, "authorization is null");
    }

    /** Without the tokens it carries. */
    @Override
    public String toString() {
        return "MetadataRequest[" + method + " " + path + "]";
    }
}
