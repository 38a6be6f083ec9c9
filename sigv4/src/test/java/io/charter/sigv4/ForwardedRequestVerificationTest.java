package io.charter.sigv4;

import static io.charter.sigv4.Fixtures.CREDENTIALS;
import static io.charter.sigv4.Fixtures.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Verifying a request another service received and forwards: signed for that service (any name in
 * the scope), and known by its body's hash alone ({@link Payload#ofSha256Hex}).
 */
class ForwardedRequestVerificationTest {
    private static final String BODY = "{\"OrderId\":\"42\"}";

    private static SignableRequest ordersPost(boolean declareUnsigned) {
        SignableRequest request = new SignableRequest("POST", "/orders", "expand=items", List.of(
                new Header("Host", "orders.example.com"), new Header("Content-Type", "application/json")),
                Payload.ofUtf8(BODY));
        if (declareUnsigned) {
            request = request.withHeader(new Header("x-amz-content-sha256", Payload.UNSIGNED_PAYLOAD));
        }
        return new SigV4Signer().sign(request, SigningParams.of(CREDENTIALS, "us-east-1", "orders", T)).request();
    }

    private static void verify(SignableRequest request) {
        VerifierSettings settings = VerifierSettings.forAnyService();
        ParsedSignature parsed = SignatureParser.parse(request, T, settings);
        new SignatureVerifier(settings, new SigningKeyCache()).verify(parsed, request, CREDENTIALS.secretAccessKey());
    }

    @Test
    void anyServiceIsAcceptedInTheScopeOnlyWhenAskedFor() {
        SignableRequest signed = ordersPost(false);
        SigV4Exception e = assertThrows(SigV4Exception.class, () -> SignatureParser.parse(signed, T, Fixtures.SETTINGS));
        assertEquals("Credential should be scoped to correct service: 'orders'. ", e.getMessage());
        assertEquals("orders", SignatureParser.parse(signed, T, VerifierSettings.forAnyService()).scope().service());
        assertThrows(IllegalArgumentException.class,
                () -> new VerifierSettings(Set.of("sts"), VerifierSettings.DEFAULT_CLOCK_SKEW, true, true));
    }

    @Test
    void theBodysHashStandsForTheBody() {
        SignableRequest signed = ordersPost(false);
        verify(signed.withPayload(Payload.ofSha256Hex(Payload.ofUtf8(BODY).sha256Hex())));
        SigV4Exception wrong = assertThrows(SigV4Exception.class,
                () -> verify(signed.withPayload(Payload.ofSha256Hex(Payload.ofUtf8("{}").sha256Hex()))));
        assertEquals(SigV4ErrorCode.SignatureDoesNotMatch, wrong.code());
        // A receiver that accepts unsigned bodies says so; a signature that covered the body does not match it.
        assertThrows(SigV4Exception.class, () -> verify(signed.withPayload(Payload.ofSha256Hex(Payload.UNSIGNED_PAYLOAD))));
    }

    @Test
    void anUnsignedPayloadVerifiesOnlyWhenTheReceiverAcceptsIt() {
        SignableRequest signed = ordersPost(true);
        verify(signed.withPayload(Payload.ofSha256Hex(Payload.UNSIGNED_PAYLOAD)));
        SigV4Exception refused = assertThrows(SigV4Exception.class,
                () -> verify(signed.withPayload(Payload.ofSha256Hex(Payload.ofUtf8(BODY).sha256Hex()))));
        assertEquals("The provided 'x-amz-content-sha256' header does not match what was computed.", refused.getMessage());
    }

    @Test
    void s3sDeclaredValuesStandForABodyTheReceiverVerifiesAsItStreams() {
        for (String declared : List.of(Payload.STREAMING_SIGNED_PAYLOAD, Payload.STREAMING_SIGNED_PAYLOAD_TRAILER,
                Payload.STREAMING_UNSIGNED_PAYLOAD_TRAILER)) {
            assertEquals(declared, Payload.ofSha256Hex(declared).sha256Hex());
            SignableRequest signed = new SigV4Signer().sign(ordersPost(false).withHeader(
                    new Header("x-amz-content-sha256", declared)), SigningParams.of(CREDENTIALS, "us-east-1", "orders", T))
                    .request();
            verify(signed.withPayload(Payload.ofSha256Hex(declared)));
            // A receiver that has the body (IAM, STS) still requires the signature to cover it.
            SigV4Exception covered = assertThrows(SigV4Exception.class, () -> verify(signed));
            assertEquals("The provided 'x-amz-content-sha256' header does not match what was computed.",
                    covered.getMessage());
        }
    }

    @Test
    void aPayloadHashIsSixtyFourLowerCaseHexDigitsOrUnsigned() {
        String hash = Payload.ofUtf8(BODY).sha256Hex();
        assertEquals(hash, Payload.ofSha256Hex(hash).sha256Hex());
        assertThrows(IllegalArgumentException.class, () -> Payload.ofSha256Hex(hash.toUpperCase(Locale.ROOT)));
        assertThrows(IllegalArgumentException.class, () -> Payload.ofSha256Hex(hash.substring(1)));
        assertThrows(IllegalArgumentException.class, () -> Payload.ofSha256Hex("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-X"));
        assertThrows(IllegalArgumentException.class, () -> Payload.ofSha256Hex("streaming-unsigned-payload-trailer"));
        assertThrows(IllegalStateException.class, () -> Payload.ofSha256Hex(hash).bytes());
    }
}
