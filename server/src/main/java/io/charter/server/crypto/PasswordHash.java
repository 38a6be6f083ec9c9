package io.charter.server.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.random.RandomGenerator;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Console passwords as slow hashes: PBKDF2 with HMAC-SHA-256, a random 16-byte salt and
 * {@link #ITERATIONS} iterations (OWASP's 2023 guidance for PBKDF2-HMAC-SHA256), encoded as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (standard base64). The password itself is never
 * stored, logged or returned. Stateless and thread-safe.
 */
public final class PasswordHash {
    public static final int ITERATIONS = 210_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private PasswordHash() {
    }

    /** A new encoded hash of {@code password} with a fresh salt. */
    public static String of(String password, RandomGenerator random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, ITERATIONS));
    }

    /**
     * Whether {@code password} is the one {@code encoded} was made from; the hashes are compared in
     * constant time. An encoding this class cannot read never matches.
     */
    public static boolean matches(String password, String encoded) {
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        int iterations;
        byte[] salt;
        byte[] expected;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (iterations < 1) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, salt, iterations), expected);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        KeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is unavailable", e);
        } finally {
            ((PBEKeySpec) spec).clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
