package io.charter.server.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Seals short texts for one reader under the session-token keyring (any node opens them), as
 * URL-safe base64 without padding: DEFLATE-compressed, AES-256-GCM sealed with a format of their
 * own, so neither a session token nor anything else opens as a message, and bound to a text
 * chosen by the caller (an account id), so a message opens only for that binding.
 *
 * <p>Thread-safe.
 */
public final class SealedMessages {
    static final byte FORMAT = 3;
    /** Far above any real message; refuses absurd input before decoding it. */
    private static final int MAX_CHARS = 64 * 1024;
    private static final int MAX_PLAINTEXT_BYTES = 256 * 1024;

    private final KeyringSeal seal;

    public SealedMessages(KeyringSource keyring, RandomGenerator random) {
        this.seal = new KeyringSeal(keyring, random);
    }

    public String seal(String text, String binding) {
        byte[] compressed = KeyringSeal.deflate(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                seal.seal(FORMAT, compressed, binding.getBytes(StandardCharsets.UTF_8)));
    }

    /** The text sealed for {@code binding}; throws if {@code message} is anything else. */
    public String open(String message, String binding) throws InvalidTokenException {
        if (message.length() > MAX_CHARS) {
            throw new InvalidTokenException("message too long");
        }
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(message);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("not base64url");
        }
        if (in.length < KeyringSeal.MIN_LENGTH || in[0] != FORMAT) {
            throw new InvalidTokenException("not a sealed message");
        }
        byte[] plaintext = seal.open(in, binding.getBytes(StandardCharsets.UTF_8));
        try {
            return new String(KeyringSeal.inflate(plaintext, MAX_PLAINTEXT_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed message");
        }
    }
}
