package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import io.charter.policy.Policy;

/** A policy embedded in a user, group or role, by name; compiled once, on first use. */
public record InlinePolicy(String name, StoredPolicy stored) {
    public InlinePolicy {
        requireNonNull(name, "name is null");
        requireNonNull(stored, "stored is null");
    }

    /** The compiled document. */
    public Policy document() {
        return stored.policy();
    }
}
