package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import io.charter.policy.Policy;
import java.util.Optional;

/**
 * What a role has beyond every principal: its trust policy (the role's resource policy for
 * {@code sts:AssumeRole}, compiled once, on first use), description and longest session.
 */
public record RoleDetails(StoredPolicy trust, Optional<String> description, int maxSessionDuration) {
    public RoleDetails {
        requireNonNull(trust, "trust is null");
        requireNonNull(description, "description is null");
    }

    /** The compiled trust policy. */
    public Policy trustPolicy() {
        return trust.policy();
    }
}
