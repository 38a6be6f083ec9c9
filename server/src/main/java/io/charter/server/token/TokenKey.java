package io.charter.server.token;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * One AES-256 key of the session-token keyring.
 *
 * @param id the key's number, written into every token it seals
 * @param key the key material
 * @param createdAt when the key was generated
 * @param retiredAt when a newer key replaced it for sealing; empty while it is the active key
 */
public record TokenKey(int id, SecretKey key, Instant createdAt, Optional<Instant> retiredAt) {
    public TokenKey {
        requireNonNull(key, "key is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(retiredAt, "retiredAt is null");
        if (id <= 0) {
            throw new IllegalArgumentException("key ids start at 1");
        }
    }

    public TokenKey retire(Instant at) {
        return new TokenKey(id, key, createdAt, Optional.of(at));
    }

    @Override
    public String toString() {
        return "TokenKey[" + id + ", created " + createdAt + retiredAt.map(r -> ", retired " + r).orElse("") + "]";
    }
}
