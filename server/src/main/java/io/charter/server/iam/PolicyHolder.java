package io.charter.server.iam;

import static java.util.Objects.requireNonNull;

/** A user, role or group found as the holder of policies: the id its policies are stored under, and its name. */
record PolicyHolder(String entityId, String name) {
    PolicyHolder {
        requireNonNull(entityId, "entityId is null");
        requireNonNull(name, "name is null");
    }
}
