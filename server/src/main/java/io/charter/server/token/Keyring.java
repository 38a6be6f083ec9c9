package io.charter.server.token;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The session-token keys: exactly one active key seals new tokens; retired keys still open the
 * tokens they sealed until the longest-lived of those can have expired, then they are dropped.
 * Immutable; {@link #rotate} returns a new keyring.
 */
public record Keyring(List<TokenKey> keys) {
    /** The longest a session can last (GetSessionToken for an IAM user: 129,600 s). */
    public static final Duration MAX_SESSION = Duration.ofHours(36);

    public Keyring {
        keys = List.copyOf(requireNonNull(keys, "keys is null"));
        long active = keys.stream().filter(k -> k.retiredAt().isEmpty()).count();
        if (active != 1) {
            throw new IllegalArgumentException("a keyring has exactly one active key, not " + active);
        }
    }

    public TokenKey active() {
        return keys.stream().filter(k -> k.retiredAt().isEmpty()).findFirst().orElseThrow();
    }

    public Optional<TokenKey> find(int id) {
        for (TokenKey key : keys) {
            if (key.id() == id) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** The next key id to use. */
    public int nextId() {
        return keys.stream().mapToInt(TokenKey::id).max().orElse(0) + 1;
    }

    /**
     * Makes {@code next} the active key at {@code now}: the old active key retires, and keys
     * retired longer ago than {@link #MAX_SESSION} are dropped, since no token they sealed can
     * still be valid.
     */
    public Keyring rotate(TokenKey next, Instant now) {
        if (next.retiredAt().isPresent() || find(next.id()).isPresent()) {
            throw new IllegalArgumentException("the next key must be new and active");
        }
        List<TokenKey> kept = new ArrayList<>();
        for (TokenKey key : keys) {
            TokenKey k = key.retiredAt().isEmpty() ? key.retire(now) : key;
            if (!k.retiredAt().orElseThrow().plus(MAX_SESSION).isBefore(now)) {
                kept.add(k);
            }
        }
        kept.add(next);
        kept.sort(Comparator.comparingInt(TokenKey::id));
        return new Keyring(kept);
    }
}
