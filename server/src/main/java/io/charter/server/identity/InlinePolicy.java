package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import io.charter.policy.Policy;

/** A policy embedded in a user, group or role, by name; compiled once when written. */
public record InlinePolicy(String name, Policy document) {
    public InlinePolicy {
        requireNonNull(name, "name is null");
        requireNonNull(document, "document is null");
    }
}
