package io.charter.sigv4;

import static io.charter.sigv4.Fixtures.CREDENTIALS;
import static io.charter.sigv4.Fixtures.T;
import static io.charter.sigv4.Fixtures.parse;
import static io.charter.sigv4.Fixtures.signedPost;
import static io.charter.sigv4.Fixtures.verify;
import static io.charter.sigv4.Fixtures.withHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Check 12: the signature itself. */
class SignatureVerifierTest {

    private static final String MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";

    private static void assertMismatch(SignableRequest request, String secret, String message) {
        SigV4Exception e = assertThrows(SigV4Exception.class, () -> verify(request, T, secret));
        assertEquals(SigV4ErrorCode.SignatureDoesNotMatch, e.code());
        assertEquals(403, e.httpStatus());
        assertEquals(message, e.getMessage());
    }

    @Test
    void wrongSecret() {
        assertMismatch(signedPost(), "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEX", MISMATCH);
    }

    @Test
    void tamperedBody() {
        SignableRequest request = signedPost();
        assertMismatch(request.withPayload(Payload.ofUtf8("Action=AssumeRole&Version=2011-06-15")),
                CREDENTIALS.secretAccessKey(), MISMATCH);
    }

    @Test
    void malformedSignatures() {
        String header = signedPost().header("Authorization").orElseThrow();
        String signature = header.substring(header.length() - 64);
        for (String bad : new String[] {signature.toUpperCase(java.util.Locale.ROOT), signature.substring(1),
                signature + "0", "", "z".repeat(64)}) {
            SignableRequest request = withHeader(signedPost(), "Authorization",
                    header.substring(0, header.length() - 64) + bad);
            assertMismatch(request, CREDENTIALS.secretAccessKey(), MISMATCH);
        }
    }

    @Test
    void declaredPayloadHashMustMatchTheBody() {
        SignableRequest signed = new SigV4Signer().sign(Fixtures.stsPost(),
                SigningParams.of(CREDENTIALS, "eu-west-1", "sts", T).withContentSha256Header(true)).request();
        verify(signed, T, CREDENTIALS.secretAccessKey());
        assertMismatch(signed.withPayload(Payload.ofUtf8("Action=GetCallerIdentity&Version=2011-06-15")),
                CREDENTIALS.secretAccessKey(), "The provided 'x-amz-content-sha256' header does not match what was computed.");
        assertMismatch(withHeader(signed, "x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
                CREDENTIALS.secretAccessKey(), "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void presignedSignatureIsCheckedToo() {
        SignableRequest request = new SigV4Signer().presign(Fixtures.stsGet(),
                SigningParams.of(CREDENTIALS, "us-east-1", "sts", T), Duration.ofSeconds(60)).request();
        verify(request, T, CREDENTIALS.secretAccessKey());
        assertMismatch(request, "another secret", MISMATCH);
        assertMismatch(request.withRawQuery(request.rawQuery().replace("GetCallerIdentity", "GetSessionToken")),
                CREDENTIALS.secretAccessKey(), MISMATCH);
    }

    @Test
    void presignedTokenSignedOrAppendedLater() {
        SigningParams params = SigningParams.of(Fixtures.TEMPORARY, "us-east-1", "sts", T);
        SigV4Signer signer = new SigV4Signer();
        SignableRequest signed = signer.presign(Fixtures.stsGet(), params, Duration.ofSeconds(60)).request();
        SignableRequest appended = signer.presign(Fixtures.stsGet(), params.withSignSessionToken(false),
                Duration.ofSeconds(60)).request();
        verify(signed, T, Fixtures.TEMPORARY.secretAccessKey());
        verify(appended, T, Fixtures.TEMPORARY.secretAccessKey());
        // A signed token cannot be swapped.
        SignableRequest swapped = signed.withRawQuery(signed.rawQuery().replace("EXAMPLETOKEN", "EXAMPLETOKEM"));
        assertMismatch(swapped, Fixtures.TEMPORARY.secretAccessKey(), MISMATCH);
    }

    @Test
    void queryFormCanonicalRequestLeavesOutOnlyTheSignature() {
        SignableRequest request = new SigV4Signer().presign(Fixtures.stsGet(),
                SigningParams.of(CREDENTIALS, "us-east-1", "sts", T), Duration.ofSeconds(60)).request();
        ParsedSignature parsed = parse(request, T);
        CanonicalRequest canonical = new SignatureVerifier(Fixtures.SETTINGS, new SigningKeyCache())
                .canonicalRequest(parsed, request);
        assertEquals("Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=AKIAEXAMPLE%2F20261123%2Fus-east-1%2Fsts%2Faws4_request"
                        + "&X-Amz-Date=20261123T121112Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host",
                canonical.canonicalQueryString());
    }

    @Test
    void onlyProvenSigningKeysEnterTheCache() {
        SigningKeyCache cache = new SigningKeyCache();
        SignatureVerifier verifier = new SignatureVerifier(VerifierSettings.of(java.util.Set.of("sts")), cache);
        SignableRequest request = signedPost();
        ParsedSignature parsed = SignatureParser.parse(request, T, VerifierSettings.of(java.util.Set.of("sts")));
        assertThrows(SigV4Exception.class,
                () -> verifier.verify(parsed, request, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEX"));
        assertEquals(0, cache.size(), "a failed verification caches nothing");
        verifier.verify(parsed, request, CREDENTIALS.secretAccessKey());
        assertEquals(1, cache.size());
        verifier.verify(parsed, request, CREDENTIALS.secretAccessKey());
        assertEquals(1, cache.size());
    }

    @Test
    void httpDateWithoutAnIso8601FormIsIncompleteSignature() {
        for (String date : new String[] {"Sat, 1 Jan 0000 00:00:00 +0100", "Fri, 31 Dec 9999 23:00:00 -0200"}) {
            SignableRequest request = new SignableRequest("GET", "/", "Action=GetCallerIdentity",
                    java.util.List.of(new Header("Host", "sts.amazonaws.com"), new Header("Date", date),
                            new Header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/"
                                    + "aws4_request, SignedHeaders=date;host, Signature=" + "0".repeat(64))),
                    Payload.empty());
            SigV4Exception e = assertThrows(SigV4Exception.class,
                    () -> SignatureParser.parse(request, T, VerifierSettings.of(java.util.Set.of("sts"))));
            assertEquals(SigV4ErrorCode.IncompleteSignature, e.code(), date);
        }
    }
}
