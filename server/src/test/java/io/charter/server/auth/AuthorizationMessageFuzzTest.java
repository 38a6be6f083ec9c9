package io.charter.server.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.server.crypto.RandomSource;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.token.Keyring;
import io.charter.server.token.SealedMessages;
import io.charter.server.token.TokenKey;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.crypto.spec.SecretKeySpec;

/**
 * Coverage-guided fuzzing of STS DecodeAuthorizationMessage's input (Jazzer; see
 * docs/FUZZING.md). {@code encodedMessage}: an input is the {@code EncodedMessage} a caller sends;
 * {@code sealedEnvelope}: an input is the text inside a message that opens (sealed here with this
 * test's key), which only the server could have written. The seeds in
 * {@code AuthorizationMessageFuzzTestInputs} are messages and envelopes as the server writes them.
 *
 * <p>The invariant: decoding answers the decoded message as JSON or fails closed with
 * {@code InvalidAuthorizationMessageException}, and nothing else.
 */
class AuthorizationMessageFuzzTest {
    static final String ACCOUNT = "123456789012";
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SealedMessages SEALED = new SealedMessages(AuthorizationMessageFuzzTest::keyring,
            new RandomSource(3));
    private static final AuthorizationMessages MESSAGES = new AuthorizationMessages(SEALED);

    static Keyring keyring() {
        byte[] bytes = new byte[32];
        new SplittableRandom(1).nextBytes(bytes);
        return new Keyring(List.of(new TokenKey(1, new SecretKeySpec(bytes, "AES"), NOW, Optional.empty())));
    }

    @FuzzTest(maxDuration = "2m")
    void encodedMessage(byte[] input) throws IOException {
        decodes(new String(input, UTF_8));
    }

    @FuzzTest(maxDuration = "2m")
    void sealedEnvelope(byte[] input) throws IOException {
        decodes(SEALED.seal(new String(input, UTF_8), ACCOUNT));
    }

    private static void decodes(String message) throws IOException {
        try {
            assertNotNull(JSON.readTree(MESSAGES.decode(message, ACCOUNT, NOW)));
        } catch (ServiceException e) {
            assertEquals(AwsErrorCode.INVALID_AUTHORIZATION_MESSAGE, e.errorCode());
        }
    }
}
