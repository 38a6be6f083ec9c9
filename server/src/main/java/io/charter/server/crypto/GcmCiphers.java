package io.charter.server.crypto;

import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Cipher;

/**
 * AES/GCM/NoPadding {@link Cipher}s for many threads: each is lent to one caller for one
 * operation and given back. Creating a cipher costs more than sealing a session token, and a
 * per-thread cache does not work when each request runs on a new virtual thread.
 *
 * <p>Thread-safe. It keeps as many ciphers as were ever in use at once, no more.
 */
public final class GcmCiphers {
    private final ConcurrentLinkedQueue<Cipher> idle = new ConcurrentLinkedQueue<>();

    /** A cipher that is the caller's alone until {@link #giveBack}; initialise it before each use. */
    public Cipher borrow() {
        Cipher cipher = idle.poll();
        if (cipher != null) {
            return cipher;
        }
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    public void giveBack(Cipher cipher) {
        idle.offer(cipher);
    }
}
