package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** When, for which service and in which region an access key or a role was last used. */
public record LastUsed(Instant at, String service, String region) {
    public LastUsed {
        requireNonNull(at, "at is null");
        requireNonNull(service, "service is null");
        requireNonNull(region, "region is null");
    }
}
