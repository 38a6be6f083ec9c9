package io.charter.server.domain;

import static java.util.Objects.requireNonNull;

/**
 * A user, role or group as the holder of policies: its kind, the id its policies are stored under,
 * and its name (for errors).
 */
public record PolicyHolder(PolicyHolderKind kind, String entityId, String name) {
    public PolicyHolder {
        requireNonNull(kind, "kind is null");
        requireNonNull(entityId, "entityId is null");
        requireNonNull(name, "name is null");
    }
}
