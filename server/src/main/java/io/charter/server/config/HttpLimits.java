package io.charter.server.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long a connection may take over each part of a request, and how many connections are served
 * at once. Immutable; every value already checked.
 *
 * @param headerTimeout from a request's request line to the end of its headers
 * @param bodyTimeout from the end of a request's headers to its answer (reading the body included)
 * @param idleTimeout how long a kept-alive connection may wait for its next request
 * @param maxConnections connections served at once; further ones wait in the listen backlog
 */
public record HttpLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections) {
    /** The defaults of the settings {@link Setting#HEADER_TIMEOUT_SECONDS} and the three after it. */
    public static final HttpLimits DEFAULTS =
            new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 1000);

    public HttpLimits {
        requireNonNull(headerTimeout, "headerTimeout is null");
        requireNonNull(bodyTimeout, "bodyTimeout is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        for (Duration timeout : new Duration[] {headerTimeout, bodyTimeout, idleTimeout}) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout not positive: " + timeout);
            }
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections below 1: " + maxConnections);
        }
    }
}
