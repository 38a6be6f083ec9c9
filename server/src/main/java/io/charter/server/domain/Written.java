package io.charter.server.domain;

import static java.util.Objects.requireNonNull;

import io.charter.server.identity.IdentitySnapshot;

/**
 * What a write returns: its result, and the IAM state just after it (a writer reads its own write
 * at once), for operations that answer with what they created.
 */
public record Written<T>(T value, IdentitySnapshot snapshot) {
    public Written {
        requireNonNull(value, "value is null");
        requireNonNull(snapshot, "snapshot is null");
    }
}
