package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A CreateAccount request and its outcome ({@code SUCCEEDED} with the new account's id, or
 * {@code FAILED} with a reason such as {@code EMAIL_ALREADY_EXISTS}).
 */
public record CreateAccountStatus(String requestId, String accountName, String email, String state,
        Optional<String> failureReason, Optional<String> accountId, Instant requestedAt, Optional<Instant> completedAt) {
    public CreateAccountStatus {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(accountName, "accountName is null");
        requireNonNull(email, "email is null");
        requireNonNull(state, "state is null");
        requireNonNull(failureReason, "failureReason is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(requestedAt, "requestedAt is null");
        requireNonNull(completedAt, "completedAt is null");
    }
}
