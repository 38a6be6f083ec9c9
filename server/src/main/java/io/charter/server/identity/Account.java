package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** An account: its id, name, e-mail (member accounts), and whether it is the organization's management account. */
public record Account(String accountId, String name, Optional<String> email, boolean management, Instant createdAt) {
    public Account {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
        requireNonNull(email, "email is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
