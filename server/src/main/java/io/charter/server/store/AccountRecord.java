package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** A row of {@code accounts}. */
public record AccountRecord(String accountId, String name, Optional<String> email, boolean management, Instant createdAt) {
    public AccountRecord {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
        requireNonNull(email, "email is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
