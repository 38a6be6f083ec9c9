package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import io.charter.policy.Policy;
import java.util.Optional;

/**
 * What a role has beyond every principal: its trust policy (compiled once, the role's resource
 * policy for {@code sts:AssumeRole}), description and longest session.
 */
public record RoleDetails(Policy trustPolicy, Optional<String> description, int maxSessionDuration) {
    public RoleDetails {
        requireNonNull(trustPolicy, "trustPolicy is null");
        requireNonNull(description, "description is null");
    }
}
