package io.charter.server.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Cryptographically strong randomness for many threads at once. One shared {@code SecureRandom}
 * serialises every caller on its lock, and per-thread instances are useless when each request
 * runs on a new virtual thread; so this keeps a small array of independent DRBG instances and
 * spreads callers over them at random.
 *
 * <p>Thread-safe.
 */
public final class RandomSource implements RandomGenerator {
    private final SecureRandom[] stripes;

    public RandomSource() {
        this(Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
    }

    public RandomSource(int stripeCount) {
        stripes = new SecureRandom[stripeCount];
        for (int i = 0; i < stripeCount; i++) {
            try {
                stripes[i] = SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                stripes[i] = new SecureRandom();
            }
        }
    }

    private SecureRandom stripe() {
        return stripes[ThreadLocalRandom.current().nextInt(stripes.length)];
    }

    @Override
    public void nextBytes(byte[] bytes) {
        stripe().nextBytes(bytes);
    }

    @Override
    public long nextLong() {
        return stripe().nextLong();
    }

    @Override
    public int nextInt() {
        return stripe().nextInt();
    }

    @Override
    public int nextInt(int bound) {
        return stripe().nextInt(bound);
    }
}
