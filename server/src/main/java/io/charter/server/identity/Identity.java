package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A principal stored in an account: the root user, an IAM user or a role.
 *
 * @param uniqueId AWS-style unique id ({@code AIDA…}, {@code AROA…}); the account id for root
 * @param accountId owning account
 * @param kind root, user or role
 * @param name entity name (the account id for root)
 * @param path IAM path, {@code /} by default
 * @param createdAt creation time
 */
public record Identity(
        String uniqueId, String accountId, IdentityKind kind, String name, String path, Instant createdAt) {

    public Identity {
        requireNonNull(uniqueId, "uniqueId is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        requireNonNull(path, "path is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** The ARN AWS gives this principal. */
    public String arn() {
        return switch (kind) {
            case ROOT -> Arns.root(accountId);
            case USER -> Arns.user(accountId, path, name);
            case ROLE -> Arns.role(accountId, path, name);
            case INSTANCE -> throw new IllegalStateException("an instance is not stored as an IAM principal");
        };
    }
}
