package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A row of {@code access_keys}: the secret stays sealed under the master key. */
public record SealedAccessKey(
        String accessKeyId, String accountId, String principalId, String sealedSecret, String status, Instant createdAt) {
    public SealedAccessKey {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(principalId, "principalId is null");
        requireNonNull(sealedSecret, "sealedSecret is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    @Override
    public String toString() {
        return "SealedAccessKey[" + accessKeyId + ", " + principalId + ", " + status + "]";
    }
}
