package io.charter.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A botocore-style STS request and helpers shared by the verification tests. */
final class Fixtures {

    static final Instant T = Instant.parse("2026-11-23T12:11:12Z");
    static final String AMZ_DATE = "20261123T121112Z";
    static final Credentials CREDENTIALS = Credentials.of("AKIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    static final Credentials TEMPORARY =
            Credentials.of("ASIAEXAMPLE", "tempSecretKey/EXAMPLE+abc", "FwoGZXIvYXdzEXAMPLETOKEN//+/==");
    static final VerifierSettings SETTINGS = VerifierSettings.of(Set.of("sts", "iam"));

    private Fixtures() {
    }

    /** {@code POST /} with an AssumeRole form body, as botocore sends it (before signing). */
    static SignableRequest stsPost() {
        return new SignableRequest("POST", "/", "", List.of(
                new Header("Host", "localhost:8080"),
                new Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                Payload.ofUtf8("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012"
                        + "%3Arole%2Fr&RoleSessionName=s1&DurationSeconds=900"));
    }

    /** {@code GET /?Action=GetCallerIdentity&Version=2011-06-15}, to presign. */
    static SignableRequest stsGet() {
        return new SignableRequest("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                List.of(new Header("Host", "sts.us-east-1.amazonaws.com")), Payload.empty());
    }

    static SignableRequest signedPost() {
        return new SigV4Signer().sign(stsPost(), SigningParams.of(CREDENTIALS, "eu-west-1", "sts", T)).request();
    }

    static SignableRequest withHeader(SignableRequest request, String name, String value) {
        return request.withoutHeader(name).withHeader(new Header(name, value));
    }

    static ParsedSignature parse(SignableRequest request, Instant now) {
        return SignatureParser.parse(request, now, SETTINGS);
    }

    static void verify(SignableRequest request, Instant now, String secret) {
        ParsedSignature parsed = parse(request, now);
        new SignatureVerifier(SETTINGS, new SigningKeyCache()).verify(parsed, request, secret);
    }

    static void assertRejected(SignableRequest request, Instant now, SigV4ErrorCode code, String message) {
        SigV4Exception e = assertThrows(SigV4Exception.class, () -> verify(request, now, CREDENTIALS.secretAccessKey()));
        assertEquals(code, e.code(), () -> "message was: " + e.getMessage());
        assertEquals(message, e.getMessage());
    }
}
