package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * The immutable in-memory picture of the identity state that the hot path reads without locks
 * or I/O: long-term access keys by id, principals by unique id.
 */
public record IdentitySnapshot(Map<String, Credential> credentials, Map<String, Principal> principals) {
    public static final IdentitySnapshot EMPTY = new IdentitySnapshot(Map.of(), Map.of());

    public IdentitySnapshot {
        credentials = Map.copyOf(requireNonNull(credentials, "credentials is null"));
        principals = Map.copyOf(requireNonNull(principals, "principals is null"));
    }

    public Optional<Credential> credential(String accessKeyId) {
        return Optional.ofNullable(credentials.get(accessKeyId));
    }
}
