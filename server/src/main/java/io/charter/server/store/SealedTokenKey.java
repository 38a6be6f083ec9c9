package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** A row of {@code token_keys}: the key stays sealed under the master key. */
public record SealedTokenKey(int keyId, String sealedKey, Instant createdAt, Optional<Instant> retiredAt) {
    public SealedTokenKey {
        requireNonNull(sealedKey, "sealedKey is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(retiredAt, "retiredAt is null");
    }

    @Override
    public String toString() {
        return "SealedTokenKey[" + keyId + "]";
    }
}
