package io.charter.server.token;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.random.RandomGenerator;

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
 * <p>Thread-safe.
 */
public final class SessionTokenCodec {
    static final byte FORMAT = 1;
    static final byte FORMAT_COMPRESSED = 2;
    /** Claims at least this large are compressed when that makes them smaller. */
    private static final int COMPRESS_FROM = 512;
    /** The most a compressed token may inflate to (inflating happens only after the tag verified). */
    private static final int MAX_CLAIMS_BYTES = 256 * 1024;
    /** Far above any real token; refuses absurd input before decoding it. */
    private static final int MAX_TOKEN_CHARS = 64 * 1024;

    private final KeyringSeal seal;

    /**
     * @param keyring the current keyring (read on every call, so a rotation takes effect at once)
     * @param random the source of nonces
     */
    public SessionTokenCodec(KeyringSource keyring, RandomGenerator random) {
        this.seal = new KeyringSeal(keyring, random);
    }

    public String seal(SessionClaims claims) {
        byte[] plaintext = ClaimsFormat.write(claims);
        byte format = FORMAT;
        if (plaintext.length >= COMPRESS_FROM) {
            byte[] compressed = KeyringSeal.deflate(plaintext);
            if (compressed.length < plaintext.length) {
                plaintext = compressed;
                format = FORMAT_COMPRESSED;
            }
        }
        return Base64.getEncoder().encodeToString(
                seal.seal(format, plaintext, binding(claims.accessKeyId())));
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
        if (in.length < KeyringSeal.MIN_LENGTH || (in[0] != FORMAT && in[0] != FORMAT_COMPRESSED)) {
            throw new InvalidTokenException("unknown token format");
        }
        byte[] plaintext = seal.open(in, binding(accessKeyId));
        SessionClaims claims;
        try {
            claims = ClaimsFormat.read(in[0] == FORMAT_COMPRESSED ? KeyringSeal.inflate(plaintext, MAX_CLAIMS_BYTES) : plaintext);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed claims");
        }
        if (!claims.accessKeyId().equals(accessKeyId)) {
            throw new InvalidTokenException("bound to another access key");
        }
        return claims;
    }

    /**
     * The bytes a token is bound to: its access key id in UTF-8, the same on both sides (sealing
     * once used US-ASCII, so a token sealed for an id outside ASCII never opened; fuzzing found it).
     */
    private static byte[] binding(String accessKeyId) {
        return accessKeyId.getBytes(StandardCharsets.UTF_8);
    }
}
