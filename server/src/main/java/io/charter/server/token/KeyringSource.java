package io.charter.server.token;

import java.util.function.Supplier;

/** Where sealing finds the current session-token keyring. */
@FunctionalInterface
public interface KeyringSource extends Supplier<Keyring> {
    /**
     * The keyring to use when sealed bytes name a key that {@link #get()} does not hold: a key
     * another node sharing the store has just rotated in. The default knows no more keys.
     */
    default Keyring missing(int keyId) {
        return get();
    }
}
