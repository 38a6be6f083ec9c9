package io.charter.server.token;

import static java.util.Objects.requireNonNull;

import io.charter.server.crypto.GcmCiphers;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM under the session-token keyring: the one sealing primitive behind session tokens
 * and encoded authorization messages. Sealed bytes are: format (1 byte), key id (4 bytes,
 * big-endian), a random 96-bit nonce, and the ciphertext with its 128-bit tag. The associated
 * data is the format, the key id and a binding chosen by the caller (a token's access key id), so
 * sealed bytes open only for their binding, only as their format, and not at all if any byte changed.
 *
 * <p>Thread-safe. {@link Cipher} objects are pooled ({@link GcmCiphers}).
 */
final class KeyringSeal {
    static final int HEADER = 5;
    static final int NONCE = 12;
    static final int TAG_BITS = 128;
    static final int MIN_LENGTH = HEADER + NONCE + TAG_BITS / 8;

    private final KeyringSource keyring;
    private final RandomGenerator random;
    private final GcmCiphers ciphers = new GcmCiphers();

    KeyringSeal(KeyringSource keyring, RandomGenerator random) {
        this.keyring = requireNonNull(keyring, "keyring is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** Seals {@code plaintext} with the active key. */
    byte[] seal(byte format, byte[] plaintext, byte[] binding) {
        TokenKey key = keyring.get().active();
        byte[] out = new byte[HEADER + NONCE + plaintext.length + TAG_BITS / 8];
        out[0] = format;
        writeInt(out, 1, key.id());
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, HEADER, NONCE);
        Cipher cipher = ciphers.borrow();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(out, 0, HEADER);
            cipher.updateAAD(binding);
            cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER + NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        } finally {
            ciphers.giveBack(cipher);
        }
        return out;
    }

    /**
     * Opens sealed bytes (at least {@link #MIN_LENGTH} long; the caller has checked the format).
     * A key id this node does not know yet (a rotation on another node) is looked up once more.
     */
    byte[] open(byte[] in, byte[] binding) throws InvalidTokenException {
        int keyId = readInt(in, 1);
        Optional<TokenKey> found = keyring.get().find(keyId);
        if (found.isEmpty()) {
            found = keyring.missing(keyId).find(keyId);
        }
        if (found.isEmpty()) {
            throw new InvalidTokenException("sealed by an unknown key");
        }
        TokenKey key = found.get();
        Cipher cipher = ciphers.borrow();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, in, HEADER, NONCE));
            cipher.updateAAD(in, 0, HEADER);
            cipher.updateAAD(binding);
            return cipher.doFinal(in, HEADER + NONCE, in.length - HEADER - NONCE);
        } catch (GeneralSecurityException e) {
            throw new InvalidTokenException("does not open for this binding");
        } finally {
            ciphers.giveBack(cipher);
        }
    }

    static byte[] deflate(byte[] bytes) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2);
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static byte[] inflate(byte[] bytes, int maxBytes) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated compressed data");
                }
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw new IllegalArgumentException("compressed data too large");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("malformed compressed data");
        } finally {
            inflater.end();
        }
    }

    private static void writeInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
    }

    static int readInt(byte[] in, int at) {
        return ((in[at] & 0xff) << 24) | ((in[at + 1] & 0xff) << 16) | ((in[at + 2] & 0xff) << 8) | (in[at + 3] & 0xff);
    }
}
