package io.charter.server.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a node stands with its store, as {@code /health} reports it: in step, serving from its
 * snapshot while the store cannot be reached (within the bounded staleness), or refusing requests.
 *
 * @param standing which of the three
 * @param age how long ago the snapshot was last confirmed in step with the store
 */
public record SnapshotFreshness(Standing standing, Duration age) {
    public SnapshotFreshness {
        requireNonNull(standing, "standing is null");
        requireNonNull(age, "age is null");
    }

    /** Whether requests are served. */
    public boolean serving() {
        return standing != Standing.REFUSING;
    }

    /** A node's standing with its store. */
    public enum Standing {
        /** The last look at the store succeeded: requests are served from an up-to-date snapshot. */
        IN_STEP,
        /** The store cannot be reached; requests are served from the snapshot, within the bounded staleness. */
        FROM_SNAPSHOT,
        /** The snapshot is behind the store, or older than the bounded staleness allows: requests are refused. */
        REFUSING
    }
}
