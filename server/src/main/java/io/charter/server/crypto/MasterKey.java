package io.charter.server.crypto;

import io.charter.server.files.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master key that seals key material at rest (AES-256-GCM). For the embedded store it is
 * generated once into {@code <data-dir>/master.key}, readable by the owner only.
 *
 * <p>Thread-safe: {@link Cipher} instances are created per call.
 */
public final class MasterKey {
    /** The key's file in a data directory; every node sharing a store holds a copy of the same one. */
    public static final String FILE_NAME = "master.key";

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random;

    private MasterKey(byte[] keyBytes, SecureRandom random) {
        if (keyBytes.length != 32) {
            throw new IllegalArgumentException("a master key is 32 bytes");
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.random = random;
    }

    /** Loads the key file, creating it owner-only with fresh random bytes when it does not exist. */
    public static MasterKey loadOrCreate(Path file, SecureRandom random) {
        try {
            if (Files.exists(file)) {
                byte[] bytes = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
                return new MasterKey(bytes, random);
            }
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            OwnerOnlyFiles.write(file, Base64.getEncoder().encodeToString(bytes) + "\n");
            return new MasterKey(bytes, random);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the master key file " + file + " is not 32 base64-encoded bytes", e);
        }
    }

    /** Seals {@code plaintext}, binding it to {@code context} (authenticated, not encrypted). */
    public String seal(String plaintext, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Opens what {@link #seal} produced for the same context; fails if anything was altered. */
    public String open(String sealedText, String context) {
        try {
            byte[] in = Base64.getDecoder().decode(sealedText);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("sealed value for '" + context + "' does not open with this master key");
        }
    }
}
