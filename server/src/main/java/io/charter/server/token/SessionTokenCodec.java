package io.charter.server.token;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals {@link SessionClaims} into a session token and opens it again, with no store read.
 *
 * <p>A token is standard base64 of: format (1 byte), key id (4 bytes, big-endian), a random
 * 96-bit nonce, and the AES-256-GCM ciphertext of the claims with its 128-bit tag. The associated
 * data is the format, the key id and the temporary access key id, so a token opens only for the
 * key id it was issued with, and any changed byte makes it not open at all. Format 1 seals the
 * claims as they are; format 2 seals them DEFLATE-compressed, used when that is smaller and the
 * claims are large (session policies and tags), so tokens stay a few kilobytes at most.
 *
 * <p>Thread-safe. {@link Cipher} objects are pooled: creating one costs more than sealing a token,
 * and per-thread caching does not work when each request runs on a new virtual thread.
 */
public final class SessionTokenCodec {
    static final byte FORMAT = 1;
    static final byte FORMAT_COMPRESSED = 2;
    /** Claims at least this large are compressed when that makes them smaller. */
    private static final int COMPRESS_FROM = 512;
    /** The most a compressed token may inflate to (inflating happens only after the tag verified). */
    private static final int MAX_CLAIMS_BYTES = 256 * 1024;
    private static final int HEADER = 5;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_LENGTH = HEADER + NONCE + TAG_BITS / 8;
    /** Far above any real token; refuses absurd input before decoding it. */
    private static final int MAX_TOKEN_CHARS = 64 * 1024;

    private final Supplier<Keyring> keyring;
    private final RandomGenerator random;
    private final ConcurrentLinkedQueue<Cipher> ciphers = new ConcurrentLinkedQueue<>();

    /**
     * @param keyring the current keyring (read on every call, so a rotation takes effect at once)
     * @param random the source of nonces
     */
    public SessionTokenCodec(Supplier<Keyring> keyring, RandomGenerator random) {
        this.keyring = requireNonNull(keyring, "keyring is null");
        this.random = requireNonNull(random, "random is null");
    }

    public String seal(SessionClaims claims) {
        TokenKey key = keyring.get().active();
        byte[] plaintext = ClaimsFormat.write(claims);
        byte format = FORMAT;
        if (plaintext.length >= COMPRESS_FROM) {
            byte[] compressed = deflate(plaintext);
            if (compressed.length < plaintext.length) {
                plaintext = compressed;
                format = FORMAT_COMPRESSED;
            }
        }
        byte[] out = new byte[HEADER + NONCE + plaintext.length + TAG_BITS / 8];
        out[0] = format;
        writeInt(out, 1, key.id());
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, HEADER, NONCE);
        Cipher cipher = borrow();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(out, 0, HEADER);
            cipher.updateAAD(claims.accessKeyId().getBytes(StandardCharsets.US_ASCII));
            cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER + NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        } finally {
            ciphers.offer(cipher);
        }
        return Base64.getEncoder().encodeToString(out);
    }

    /**
     * Opens {@code token} presented with {@code accessKeyId}. Expiry is not checked here: the
     * caller answers an expired session with {@code ExpiredToken}, anything else that fails with
     * {@code InvalidClientTokenId}.
     */
    public SessionClaims open(String token, String accessKeyId) throws InvalidTokenException {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("token too long");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("not base64");
        }
        if (in.length < MIN_LENGTH || (in[0] != FORMAT && in[0] != FORMAT_COMPRESSED)) {
            throw new InvalidTokenException("unknown token format");
        }
        TokenKey key = keyring.get().find(readInt(in, 1))
                .orElseThrow(() -> new InvalidTokenException("sealed by an unknown key"));
        byte[] plaintext;
        Cipher cipher = borrow();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, in, HEADER, NONCE));
            cipher.updateAAD(in, 0, HEADER);
            cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
            plaintext = cipher.doFinal(in, HEADER + NONCE, in.length - HEADER - NONCE);
        } catch (GeneralSecurityException e) {
            throw new InvalidTokenException("does not open for this access key");
        } finally {
            ciphers.offer(cipher);
        }
        SessionClaims claims;
        try {
            claims = ClaimsFormat.read(in[0] == FORMAT_COMPRESSED ? inflate(plaintext) : plaintext);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed claims");
        }
        if (!claims.accessKeyId().equals(accessKeyId)) {
            throw new InvalidTokenException("bound to another access key");
        }
        return claims;
    }

    private static byte[] deflate(byte[] bytes) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length / 2);
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] bytes) {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        try {
            inflater.setInput(bytes);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length * 4);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated compressed claims");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_CLAIMS_BYTES) {
                    throw new IllegalArgumentException("compressed claims too large");
                }
            }
            return out.toByteArray();
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("malformed compressed claims");
        } finally {
            inflater.end();
        }
    }

    private Cipher borrow() {
        Cipher cipher = ciphers.poll();
        if (cipher != null) {
            return cipher;
        }
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static void writeInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
    }

    private static int readInt(byte[] in, int at) {
        return ((in[at] & 0xff) << 24) | ((in[at + 1] & 0xff) << 16) | ((in[at + 2] & 0xff) << 8) | (in[at + 3] & 0xff);
    }
}
