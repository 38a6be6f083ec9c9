package io.charter.sigv4;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 with one reused {@link MessageDigest} per platform thread.
 *
 * <p>Why: measured on the build machine (JDK 25, 200-byte input), {@code getInstance} + digest
 * takes ~340 ns against ~220 ns for a reused instance; the provider lookup is the difference.
 * Virtual threads are usually one per request, so a thread-local would only be filled and
 * dropped; they clone a prototype instead, which skips the provider lookup as well.
 *
 * <p>Thread-safe: each thread uses its own instance.
 */
final class Sha256 {

    private static final MessageDigest PROTOTYPE = newDigest();
    private static final ThreadLocal<MessageDigest> PER_THREAD = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    static byte[] digest(byte[] input) {
        return digest().digest(input);
    }

    /** A digest, reset and ready, owned by the calling thread until it returns. */
    static MessageDigest digest() {
        if (Thread.currentThread().isVirtual()) {
            try {
                return (MessageDigest) PROTOTYPE.clone();
            } catch (CloneNotSupportedException e) {
                return newDigest();
            }
        }
        MessageDigest digest = PER_THREAD.get();
        digest.reset();
        return digest;
    }

    /** A digest of its own for a caller that keeps it across calls (a stream hashing as it reads). */
    static MessageDigest owned() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newDigest();
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
