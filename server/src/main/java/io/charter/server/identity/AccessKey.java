package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A long-term access key. The secret is held in memory (SigV4 verification needs it) but never
 * printed: {@link #toString()} leaves it out.
 */
public record AccessKey(
        AccessKeyId id, String accountId, String principalId, String secret, AccessKeyStatus status, Instant createdAt) {

    public AccessKey {
        requireNonNull(id, "id is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(principalId, "principalId is null");
        requireNonNull(secret, "secret is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    @Override
    public String toString() {
        return "AccessKey[id=" + id + ", accountId=" + accountId + ", principalId=" + principalId
                + ", status=" + status + ", createdAt=" + createdAt + "]";
    }
}
