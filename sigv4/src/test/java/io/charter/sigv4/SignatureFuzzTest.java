package io.charter.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of SigV4 verification (Jazzer; see docs/FUZZING.md). An input is an
 * HTTP request as text ({@code METHOD target HTTP/1.1}, header lines, an empty line, the body),
 * read leniently so that every input is a request; the seeds in {@code SignatureFuzzTestInputs}
 * are requests this module's signer signed, in header and presigned form.
 *
 * <p>The invariants: parsing the {@code Authorization} header or the presigned query, building
 * the canonical request and verifying either succeed or throw {@link SigV4Exception} with an
 * AWS code and a one-line message, nothing else; and a request signed here (header or
 * presigned) always verifies.
 */
class SignatureFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:11:12Z");
    private static final Credentials CREDENTIALS =
            Credentials.of("AKIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final VerifierSettings SETTINGS = VerifierSettings.of(Set.of("sts", "iam"));
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> AUTHENTICATION_HEADERS =
            Set.of("authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "date");

    private final SigningKeyCache keyCache = new SigningKeyCache();
    private final SignatureVerifier verifier = new SignatureVerifier(SETTINGS, keyCache);
    private final SigV4Signer signer = new SigV4Signer(keyCache);

    @FuzzTest(maxDuration = "2m")
    void verifyRequest(byte[] input) {
        SignableRequest request = request(new String(input, UTF_8));
        try {
            ParsedSignature parsed = SignatureParser.parse(request, NOW, SETTINGS);
            assertNotNull(verifier.canonicalRequest(parsed, request).text());
            verifier.verify(parsed, request, CREDENTIALS.secretAccessKey());
        } catch (SigV4Exception e) {
            assertNotNull(e.code());
            assertFalse(e.getMessage().contains("\n"), e::getMessage);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void signedRequestVerifies(byte[] input) {
        SignableRequest request = withoutAuthentication(request(new String(input, UTF_8)));
        if (PercentEncoding.malformedEscape(request.rawQuery()) != null) {
            return; // MalformedQueryString, whoever signed it
        }
        SigningParams params = SigningParams.of(CREDENTIALS, "eu-west-1", "sts", NOW);
        SignableRequest signed = signer.sign(request, params).request();
        verifier.verify(SignatureParser.parse(signed, NOW, SETTINGS), signed, CREDENTIALS.secretAccessKey());

        SignableRequest presigned = signer.presign(request, params, Duration.ofMinutes(5)).request();
        ParsedSignature parsed = SignatureParser.parse(presigned, NOW, SETTINGS);
        assertEquals(CREDENTIALS.accessKeyId(), parsed.accessKeyId());
        verifier.verify(parsed, presigned, CREDENTIALS.secretAccessKey());
    }

    /** Any text as a request: request line, header lines (names that are not tokens dropped), body. */
    static SignableRequest request(String text) {
        String[] head = text.split("\n\n", 2);
        String[] lines = head[0].split("\n", -1);
        String[] requestLine = lines[0].split(" ", 3);
        String method = TOKEN.matcher(requestLine[0]).matches() ? requestLine[0] : "POST";
        String target = requestLine.length > 1 ? requestLine[1] : "/";
        int question = target.indexOf('?');
        List<Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && TOKEN.matcher(lines[i].substring(0, colon)).matches()) {
                headers.add(new Header(lines[i].substring(0, colon), lines[i].substring(colon + 1)));
            }
        }
        return new SignableRequest(method, question < 0 ? target : target.substring(0, question),
                question < 0 ? "" : target.substring(question + 1), headers,
                Payload.ofUtf8(head.length > 1 ? head[1] : ""));
    }

    /** The request before signing: no authentication headers or query parameters, a Host header. */
    private static SignableRequest withoutAuthentication(SignableRequest request) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Host", "localhost:8080"));
        for (Header header : request.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (!AUTHENTICATION_HEADERS.contains(name) && !name.equals("host")) {
                headers.add(header);
            }
        }
        List<String> parameters = new ArrayList<>();
        for (String parameter : request.rawQuery().split("&")) {
            if (!parameter.isEmpty() && !parameter.regionMatches(true, 0, "X-Amz-", 0, 6)) {
                parameters.add(parameter);
            }
        }
        return request.withHeaders(headers).withRawQuery(String.join("&", parameters));
    }
}
