package io.charter.server.http;

import static java.util.Objects.requireNonNull;

/**
 * What {@code GET /health} answers, asked afresh on each check (over HTTP/1.1 and HTTP/1.0 alike):
 * 200 while the node serves requests, 503 while it refuses them, and a JSON body saying why.
 */
@FunctionalInterface
public interface HealthCheck {
    /** The answer now. */
    Answer check();

    /**
     * One answer.
     *
     * @param serving whether the node serves requests (200) or refuses them (503)
     * @param json the body, a JSON object
     */
    record Answer(boolean serving, String json) {
        public Answer {
            requireNonNull(json, "json is null");
        }

        /** The HTTP status: 200 or 503. */
        public int status() {
            return serving ? 200 : 503;
        }
    }
}
