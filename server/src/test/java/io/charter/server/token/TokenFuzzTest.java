package io.charter.server.token;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.charter.server.crypto.RandomSource;
import java.util.Base64;

/**
 * Coverage-guided fuzzing of session tokens (Jazzer; see docs/FUZZING.md). {@code sessionToken}:
 * an input is a presented token, tried as text and as the bytes of a token (base64-encoded);
 * {@code claimsLayout}: an input is the plaintext layout a token seals. The seeds in
 * {@code TokenFuzzTestInputs} are tokens and layouts sealed with this test's key, so the fuzzer
 * starts from tokens that open.
 *
 * <p>The invariants: opening anything fails closed with {@link InvalidTokenException} and
 * nothing else; the layout reads or throws {@link IllegalArgumentException} (which
 * {@link SessionTokenCodec#open} turns into {@link InvalidTokenException}); claims that read
 * write back to the same claims, and seal and open to the same claims.
 */
class TokenFuzzTest {
    private static final String ACCESS_KEY_ID = "ASIAY34FZKBOKMUTVV7A";
    private static final SessionTokenCodec CODEC =
            new SessionTokenCodec(() -> SessionTokenCodecTest.keyring(1), new RandomSource(7));

    @FuzzTest(maxDuration = "2m")
    void sessionToken(byte[] input) {
        for (String token : new String[] {new String(input, UTF_8), Base64.getEncoder().encodeToString(input)}) {
            try {
                assertEquals(ACCESS_KEY_ID, CODEC.open(token, ACCESS_KEY_ID).accessKeyId());
            } catch (InvalidTokenException e) {
                // fails closed: the caller answers InvalidClientTokenId
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void claimsLayout(byte[] input) throws InvalidTokenException {
        SessionClaims claims;
        try {
            claims = ClaimsFormat.read(input);
        } catch (IllegalArgumentException e) {
            return;
        }
        assertEquals(claims, ClaimsFormat.read(ClaimsFormat.write(claims)));
        assertEquals(claims, CODEC.open(CODEC.seal(claims), claims.accessKeyId()));
    }
}
