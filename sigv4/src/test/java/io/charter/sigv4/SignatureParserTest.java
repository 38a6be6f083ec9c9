package io.charter.sigv4;

import static io.charter.sigv4.Fixtures.AMZ_DATE;
import static io.charter.sigv4.Fixtures.CREDENTIALS;
import static io.charter.sigv4.Fixtures.T;
import static io.charter.sigv4.Fixtures.assertRejected;
import static io.charter.sigv4.Fixtures.parse;
import static io.charter.sigv4.Fixtures.signedPost;
import static io.charter.sigv4.Fixtures.verify;
import static io.charter.sigv4.Fixtures.withHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks of reference §2.4, one by one and in order, with AWS's codes and messages. */
class SignatureParserTest {

    private static final String CREDENTIAL = "Credential=AKIAEXAMPLE/20261123/eu-west-1/sts/aws4_request";
    private static final String SIGNED_HEADERS = "SignedHeaders=content-type;host;x-amz-date";
    private static final String SIGNATURE = "Signature=" + "0".repeat(64);

    private static SignableRequest withAuthorization(String value) {
        return withHeader(signedPost(), "Authorization", value);
    }

    private static String authorizationOf(SignableRequest request) {
        return request.header("Authorization").orElseThrow();
    }

    @Test
    void validRequestParsesIntoItsParts() {
        SignableRequest request = signedPost();
        ParsedSignature parsed = parse(request, T);

        assertEquals(AuthForm.HEADER, parsed.form());
        assertEquals("AKIAEXAMPLE", parsed.accessKeyId());
        assertEquals(CredentialScope.of("20261123", "eu-west-1", "sts"), parsed.scope());
        assertEquals(List.of("content-type", "host", "x-amz-date"), parsed.signedHeaders().names());
        assertEquals(AMZ_DATE, parsed.timestamp());
        assertEquals(T, parsed.requestTime());
        assertEquals(Optional.empty(), parsed.sessionToken());
        assertEquals(Optional.empty(), parsed.expiresIn());
        assertTrue(authorizationOf(request).endsWith("Signature=" + parsed.signature()));
        verify(request, T, CREDENTIALS.secretAccessKey());
    }

    // 1.

    @Test
    void noAuthenticationAtAll() {
        assertRejected(signedPost().withoutHeader("Authorization"), T,
                SigV4ErrorCode.MissingAuthenticationToken, "Request is missing Authentication Token");
    }

    @Test
    void headerAndQueryAuthenticationTogether() {
        SignableRequest both = signedPost().withRawQuery("X-Amz-Algorithm=AWS4-HMAC-SHA256");
        assertRejected(both, T, SigV4ErrorCode.SignatureDoesNotMatch, "");
        SignableRequest beside = signedPost().withRawQuery("X-Amz-Signature=" + "0".repeat(64));
        assertRejected(beside, T, SigV4ErrorCode.SignatureDoesNotMatch, "");
    }

    @Test
    void twoAuthorizationHeaders() {
        SignableRequest request = signedPost();
        SignableRequest twice = request.withHeader(new Header("authorization", authorizationOf(request)));
        assertRejected(twice, T, SigV4ErrorCode.IncompleteSignature, "Only one Authorization header is allowed in a request.");
    }

    // 2.

    @Test
    void unsupportedHeaderAlgorithm() {
        assertRejected(withAuthorization("AWS4-HMAC-SHA1 " + CREDENTIAL + ", " + SIGNED_HEADERS + ", " + SIGNATURE), T,
                SigV4ErrorCode.IncompleteSignature, "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1'.");
        assertRejected(withAuthorization("AWS AKIAEXAMPLE:c2lnbmF0dXJl"), T,
                SigV4ErrorCode.IncompleteSignature, "Unsupported AWS 'algorithm': 'AWS'.");
    }

    @Test
    void unsupportedQueryAlgorithmIsMissingAuthentication() {
        SignableRequest request = Fixtures.stsGet().withRawQuery("Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA1");
        assertRejected(request, T, SigV4ErrorCode.MissingAuthenticationToken, "Request is missing Authentication Token");
    }

    // 3.

    @Test
    void componentWithoutEqualSign() {
        String header = "AWS4-HMAC-SHA256 " + CREDENTIAL + ", SignedHeaders, " + SIGNATURE;
        assertRejected(withAuthorization(header), T, SigV4ErrorCode.IncompleteSignature,
                "'SignedHeaders' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                        + header + "'");
    }

    @Test
    void duplicateComponentLastOneWins() {
        String valid = authorizationOf(signedPost());
        String header = valid.replace("Credential=", "Credential=NOPE/x, Credential=");
        verify(withAuthorization(header), T, CREDENTIALS.secretAccessKey());
    }

    // 4.

    @Test
    void missingComponentsAreAllNamed() {
        assertRejected(withAuthorization("AWS4-HMAC-SHA256 " + SIGNED_HEADERS).withoutHeader("X-Amz-Date"), T,
                SigV4ErrorCode.IncompleteSignature,
                "Authorization header requires 'Credential' parameter. "
                        + "Authorization header requires 'Signature' parameter. "
                        + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                        + "Authorization=AWS4-HMAC-SHA256");
        assertRejected(withAuthorization("AWS4-HMAC-SHA256"), T, SigV4ErrorCode.IncompleteSignature,
                "Authorization header requires 'Credential' parameter. "
                        + "Authorization header requires 'Signature' parameter. "
                        + "Authorization header requires 'SignedHeaders' parameter. "
                        + "Authorization=AWS4-HMAC-SHA256");
    }

    @Test
    void eachMissingComponentAlone() {
        assertRejected(withAuthorization("AWS4-HMAC-SHA256 " + SIGNED_HEADERS + ", " + SIGNATURE), T,
                SigV4ErrorCode.IncompleteSignature,
                "Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256");
        assertRejected(withAuthorization("AWS4-HMAC-SHA256 " + CREDENTIAL + ", " + SIGNED_HEADERS), T,
                SigV4ErrorCode.IncompleteSignature,
                "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256");
        assertRejected(withAuthorization("AWS4-HMAC-SHA256 " + CREDENTIAL + ", " + SIGNATURE), T,
                SigV4ErrorCode.IncompleteSignature,
                "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256");
        assertRejected(signedPost().withoutHeader("X-Amz-Date"), T, SigV4ErrorCode.IncompleteSignature,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                        + "Authorization=AWS4-HMAC-SHA256");
    }

    @Test
    void missingQueryParametersAreAllNamed() {
        SignableRequest request = Fixtures.stsGet().withRawQuery("Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256");
        assertRejected(request, T, SigV4ErrorCode.IncompleteSignature,
                "AWS query-string parameters must include 'X-Amz-Credential'. "
                        + "AWS query-string parameters must include 'X-Amz-Signature'. "
                        + "AWS query-string parameters must include 'X-Amz-SignedHeaders'. "
                        + "AWS query-string parameters must include 'X-Amz-Date'. "
                        + "Re-examine the query-string parameters.");
        SignableRequest presigned = presigned(Duration.ofMinutes(5));
        SignableRequest noDate = presigned.withRawQuery(presigned.rawQuery().replaceFirst("&X-Amz-Date=[^&]*", ""));
        assertRejected(noDate, T, SigV4ErrorCode.IncompleteSignature,
                "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.");
    }

    // 5.

    @Test
    void badPercentEscapesInTheQuery() {
        assertRejected(signedPost().withRawQuery("a=%zz1"), T, SigV4ErrorCode.MalformedQueryString,
                "Illegal hex character in escape % pattern: %zz");
        assertRejected(signedPost().withRawQuery("a=%4"), T, SigV4ErrorCode.MalformedQueryString,
                "Incomplete trailing escape % sequence");
        assertRejected(signedPost().withRawQuery("a=%"), T, SigV4ErrorCode.MalformedQueryString,
                "Incomplete trailing escape % sequence");
    }

    @Test
    void badEscapeComesAfterMissingComponents() {
        assertRejected(withAuthorization("AWS4-HMAC-SHA256 " + SIGNED_HEADERS + ", " + SIGNATURE).withRawQuery("a=%zz"),
                T, SigV4ErrorCode.IncompleteSignature,
                "Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256");
    }

    // 6.

    @Test
    void credentialWithoutFiveElements() {
        String header = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261123/eu-west-1/sts, " + SIGNED_HEADERS + ", " + SIGNATURE;
        assertRejected(withAuthorization(header), T, SigV4ErrorCode.IncompleteSignature,
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                        + "got 'AKIAEXAMPLE/20261123/eu-west-1/sts'");
        String six = "AWS4-HMAC-SHA256 Credential=AKIA/EXAMPLE/20261123/eu-west-1/sts/aws4_request, "
                + SIGNED_HEADERS + ", " + SIGNATURE;
        assertRejected(withAuthorization(six), T, SigV4ErrorCode.IncompleteSignature,
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                        + "got 'AKIA/EXAMPLE/20261123/eu-west-1/sts/aws4_request'");
    }

    @Test
    void credentialCheckComesBeforeTheDate() {
        String header = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/x, " + SIGNED_HEADERS + ", " + SIGNATURE;
        assertRejected(withHeader(withAuthorization(header), "X-Amz-Date", "yesterday"), T,
                SigV4ErrorCode.IncompleteSignature,
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                        + "got 'AKIAEXAMPLE/x'");
    }

    // 7.

    @Test
    void dateNotInIsoBasicFormat() {
        assertRejected(withHeader(signedPost(), "X-Amz-Date", "2026-11-23T12:11:12Z"), T,
                SigV4ErrorCode.IncompleteSignature,
                "Date must be in ISO-8601 'basic format'. Got '2026-11-23T12:11:12Z'. See http://en.wikipedia.org/wiki/ISO_8601");
        assertRejected(withHeader(signedPost(), "X-Amz-Date", "20261323T121112Z"), T,
                SigV4ErrorCode.IncompleteSignature,
                "Date must be in ISO-8601 'basic format'. Got '20261323T121112Z'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void dateHeaderIsUsedWithoutXAmzDate() {
        SignableRequest unsigned = Fixtures.stsPost().withHeader(new Header("Date", "Mon, 23 Nov 2026 12:11:12 GMT"));
        SignedHeaders signedHeaders = SignedHeaders.of(List.of("date", "host"));
        CanonicalRequest canonical = CanonicalRequest.of(unsigned, signedHeaders, "", true);
        CredentialScope scope = CredentialScope.of("20261123", "us-east-1", "iam");
        String signature = SigningKey.derive(CREDENTIALS.secretAccessKey(), scope)
                .signHex(StringToSign.of(AMZ_DATE, scope, canonical).text());
        SignableRequest request = unsigned.withHeader(new Header("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/" + scope.text() + ", SignedHeaders=date;host, Signature=" + signature));

        ParsedSignature parsed = parse(request, T);
        assertEquals(AMZ_DATE, parsed.timestamp());
        verify(request, T, CREDENTIALS.secretAccessKey());

        assertRejected(withHeader(request, "Date", "Monday"), T, SigV4ErrorCode.IncompleteSignature,
                "Date must be in ISO-8601 'basic format'. Got 'Monday'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    // 8.

    @Test
    void signatureExpired() {
        Instant now = T.plus(Duration.ofMinutes(15)).plusSeconds(1);
        assertRejected(signedPost(), now, SigV4ErrorCode.SignatureDoesNotMatch,
                "Signature expired: 20261123T121112Z is now earlier than 20261123T121113Z (20261123T122613Z - 15 min.)");
        verify(signedPost(), T.plus(Duration.ofMinutes(15)), CREDENTIALS.secretAccessKey());
    }

    @Test
    void signatureNotYetCurrent() {
        Instant now = T.minus(Duration.ofMinutes(15)).minusSeconds(1);
        assertRejected(signedPost(), now, SigV4ErrorCode.SignatureDoesNotMatch,
                "Signature not yet current: 20261123T121112Z is still later than 20261123T121111Z (20261123T115611Z + 15 min.)");
        verify(signedPost(), T.minus(Duration.ofMinutes(15)), CREDENTIALS.secretAccessKey());
    }

    @Test
    void clockSkewWindowIsConfigurable() {
        VerifierSettings fiveMinutes = Fixtures.SETTINGS.withClockSkew(Duration.ofMinutes(5));
        SigV4Exception e = assertThrows(SigV4Exception.class,
                () -> SignatureParser.parse(signedPost(), T.minusSeconds(301), fiveMinutes));
        assertEquals("Signature not yet current: 20261123T121112Z is still later than 20261123T121111Z "
                + "(20261123T120611Z + 5 min.)", e.getMessage());
    }

    @Test
    void skewComesBeforeScope() {
        SignableRequest wrongService = new SigV4Signer()
                .sign(Fixtures.stsPost(), SigningParams.of(CREDENTIALS, "eu-west-1", "s3", T)).request();
        assertRejected(wrongService, T.plus(Duration.ofHours(1)), SigV4ErrorCode.SignatureDoesNotMatch,
                "Signature expired: 20261123T121112Z is now earlier than 20261123T125612Z (20261123T131112Z - 15 min.)");
    }

    // 9.

    @Test
    void anyValidRegionIsAccepted() {
        for (String region : List.of("us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1", "local", "garage")) {
            SignableRequest request = new SigV4Signer()
                    .sign(Fixtures.stsPost(), SigningParams.of(CREDENTIALS, region, "iam", T)).request();
            verify(request, T, CREDENTIALS.secretAccessKey());
        }
    }

    @Test
    void invalidRegion() {
        SignableRequest request = new SigV4Signer()
                .sign(Fixtures.stsPost(), SigningParams.of(CREDENTIALS, "eu_west_1", "sts", T)).request();
        assertRejected(request, T, SigV4ErrorCode.SignatureDoesNotMatch,
                "Credential should be scoped to a valid region, not 'eu_west_1'. ");
    }

    @Test
    void wrongService() {
        SignableRequest request = new SigV4Signer()
                .sign(Fixtures.stsPost(), SigningParams.of(CREDENTIALS, "eu-west-1", "s3", T)).request();
        assertRejected(request, T, SigV4ErrorCode.SignatureDoesNotMatch,
                "Credential should be scoped to correct service: 's3'. ");
    }

    @Test
    void badTerminator() {
        String header = authorizationOf(signedPost()).replace("/aws4_request", "/aws4_requesx");
        assertRejected(withAuthorization(header), T, SigV4ErrorCode.SignatureDoesNotMatch,
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_requesx'");
    }

    @Test
    void scopeDateDiffersFromRequestDate() {
        String header = authorizationOf(signedPost()).replace("/20261123/", "/20261122/");
        assertRejected(withAuthorization(header), T, SigV4ErrorCode.SignatureDoesNotMatch,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                        + "'20261122' != '20261123', from '20261123T121112Z'.");
    }

    @Test
    void regionIsCheckedBeforeService() {
        String header = authorizationOf(signedPost()).replace("/eu-west-1/sts/", "/eu west/s3/");
        assertRejected(withAuthorization(header), T, SigV4ErrorCode.SignatureDoesNotMatch,
                "Credential should be scoped to a valid region, not 'eu west'. ");
    }

    // 10.

    @Test
    void hostNotSigned() {
        String header = authorizationOf(signedPost()).replace("content-type;host;x-amz-date", "content-type;x-amz-date");
        assertRejected(withAuthorization(header), T, SigV4ErrorCode.SignatureDoesNotMatch,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void unsignedAmzHeader() {
        SignableRequest request = signedPost().withHeader(new Header("X-Amz-Target", "x"))
                .withHeader(new Header("x-amz-meta-a", "y"));
        assertRejected(request, T, SigV4ErrorCode.SignatureDoesNotMatch,
                "There were headers present in the request which were not signed: x-amz-target, x-amz-meta-a");
    }

    @Test
    void sessionTokenAddedAfterSigningIsAccepted() {
        SignableRequest request = signedPost().withHeader(new Header("X-Amz-Security-Token", "token"));
        assertEquals(Optional.of("token"), parse(request, T).sessionToken());
        verify(request, T, CREDENTIALS.secretAccessKey());
    }

    @Test
    void sdkHeadersNeedNotBeSigned() {
        SignableRequest request = signedPost()
                .withHeader(new Header("amz-sdk-invocation-id", "5d3b8d5b-0000-0000-0000-000000000000"))
                .withHeader(new Header("amz-sdk-request", "attempt=1; max=3"))
                .withHeader(new Header("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"))
                .withHeader(new Header("User-Agent", "aws-cli/2"));
        verify(request, T, CREDENTIALS.secretAccessKey());
    }

    @Test
    void temporaryCredentialsCarryTheirToken() {
        SignableRequest request = new SigV4Signer()
                .sign(Fixtures.stsPost(), SigningParams.of(Fixtures.TEMPORARY, "eu-west-1", "sts", T)).request();
        ParsedSignature parsed = parse(request, T);
        assertEquals(Fixtures.TEMPORARY.sessionToken(), parsed.sessionToken());
        assertTrue(parsed.signedHeaders().contains("x-amz-security-token"));
        verify(request, T, Fixtures.TEMPORARY.secretAccessKey());
    }

    // Presigned URLs.

    private static SignableRequest presigned(Duration expiresIn) {
        return new SigV4Signer().presign(Fixtures.stsGet(),
                SigningParams.of(CREDENTIALS, "us-east-1", "sts", T), expiresIn).request();
    }

    @Test
    void presignedUrlVerifiesUntilItExpires() {
        SignableRequest request = presigned(Duration.ofSeconds(60));
        ParsedSignature parsed = parse(request, T);
        assertEquals(AuthForm.QUERY, parsed.form());
        assertEquals(Optional.of(Duration.ofSeconds(60)), parsed.expiresIn());

        verify(request, T.plusSeconds(60), CREDENTIALS.secretAccessKey());
        assertRejected(request, T.plusSeconds(61), SigV4ErrorCode.RequestExpired, "Request has expired.");
    }

    @Test
    void presignedUrlOutlivesTheSkewWindowButNotTheFuture() {
        SignableRequest request = presigned(Duration.ofDays(7));
        verify(request, T.plus(Duration.ofDays(6)), CREDENTIALS.secretAccessKey());
        assertRejected(request, T.minus(Duration.ofMinutes(16)), SigV4ErrorCode.SignatureDoesNotMatch,
                "Signature not yet current: 20261123T121112Z is still later than 20261123T121012Z "
                        + "(20261123T115512Z + 15 min.)");
    }

    @Test
    void presignedUrlWithoutExpiresGetsTheSkewWindow() {
        SignableRequest request = presigned(Duration.ofSeconds(60));
        String query = request.rawQuery().replace("&X-Amz-Expires=60", "");
        SigV4Exception e = assertThrows(SigV4Exception.class,
                () -> SignatureParser.parse(request.withRawQuery(query), T.plus(Duration.ofMinutes(16)), Fixtures.SETTINGS));
        assertEquals(SigV4ErrorCode.SignatureDoesNotMatch, e.code());
        assertTrue(e.getMessage().startsWith("Signature expired: "), e.getMessage());
    }

    @Test
    void expiresOutOfRange() {
        SignableRequest request = presigned(Duration.ofSeconds(60));
        for (String bad : List.of("0", "604801", "-1", "ten", "")) {
            SignableRequest tampered = request.withRawQuery(request.rawQuery().replace("X-Amz-Expires=60", "X-Amz-Expires=" + bad));
            SigV4Exception e = assertThrows(SigV4Exception.class, () -> parse(tampered, T), bad);
            assertEquals(SigV4ErrorCode.IncompleteSignature, e.code(), bad);
        }
        SignableRequest week = request.withRawQuery(request.rawQuery().replace("X-Amz-Expires=60", "X-Amz-Expires=604800"));
        assertEquals(Optional.of(Duration.ofDays(7)), parse(week, T).expiresIn());
    }

    @Test
    void presignedWithTemporaryCredentials() {
        SignableRequest request = new SigV4Signer().presign(Fixtures.stsGet(),
                SigningParams.of(Fixtures.TEMPORARY, "us-east-1", "sts", T), Duration.ofMinutes(15)).request();
        assertEquals(Fixtures.TEMPORARY.sessionToken(), parse(request, T).sessionToken());
        verify(request, T, Fixtures.TEMPORARY.secretAccessKey());
    }

    @Test
    void settingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> VerifierSettings.of(Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> Fixtures.SETTINGS.withClockSkew(Duration.ofSeconds(90)));
        assertThrows(IllegalArgumentException.class, () -> Fixtures.SETTINGS.withClockSkew(Duration.ZERO));
    }
}
