package io.charter.server.identity;

import java.util.Base64;
import java.util.random.RandomGenerator;

/** Secret access keys: 40 characters of the base64 alphabet, from 30 random bytes. */
public final class SecretAccessKey {
    private SecretAccessKey() {
    }

    public static String mint(RandomGenerator random) {
        byte[] bytes = new byte[30];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
