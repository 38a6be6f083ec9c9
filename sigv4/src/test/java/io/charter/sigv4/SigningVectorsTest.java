package io.charter.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The 38 aws-c-auth v4 cases, each in header and query (presigned) form. */
class SigningVectorsTest {

    enum Variant {
        HEADER("header-"),
        QUERY("query-");

        final String prefix;

        Variant(String prefix) {
            this.prefix = prefix;
        }
    }

    private final SigV4Signer signer = new SigV4Signer();
    private final SigningKeyCache keyCache = new SigningKeyCache();

    static Stream<Arguments> cases() {
        List<Arguments> arguments = new ArrayList<>();
        for (VectorCase vector : VectorCase.all()) {
            for (Variant variant : Variant.values()) {
                arguments.add(Arguments.of(Named.of(vector.name(), vector), variant));
            }
        }
        return arguments.stream();
    }

    @Test
    void allCasesArePresent() {
        assertEquals(VectorCase.EXPECTED_CASES, VectorCase.all().size());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void signingReproducesCanonicalRequestStringToSignSignatureAndSignedRequest(VectorCase vector, Variant variant) {
        SignedRequest signed = sign(vector, variant);

        assertEquals(vector.file(variant.prefix + "canonical-request.txt"), signed.canonicalRequest().text());
        assertEquals(vector.file(variant.prefix + "string-to-sign.txt"), signed.stringToSign().text());
        assertEquals(vector.file(variant.prefix + "signature.txt"), signed.signature());
        assertEquals(vector.file(variant.prefix + "signed-request.txt"), HttpMessage.format(signed.request()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void stepFunctionsReproduceTheCanonicalRequest(VectorCase vector, Variant variant) {
        SignableRequest signedRequest = HttpMessage.parse(vector.file(variant.prefix + "signed-request.txt"));
        ParsedSignature parsed = SignatureParser.parse(signedRequest, vector.timestamp(), vector.verifierSettings());
        String expected = vector.file(variant.prefix + "canonical-request.txt");

        CanonicalRequest canonical = new SignatureVerifier(vector.verifierSettings(), keyCache)
                .canonicalRequest(parsed, signedRequest);
        if (variant == Variant.QUERY && vector.omitSessionToken()) {
            // The token was appended after signing: the verifier's second try leaves it out.
            canonical = CanonicalRequest.of(signedRequest, parsed.signedHeaders(),
                    CanonicalQueryString.of(signedRequest.rawQuery(), List.of("X-Amz-Signature", "X-Amz-Security-Token")),
                    vector.normalize());
        }
        assertEquals(expected, canonical.text());
        String[] lines = expected.split("\n", -1);
        assertEquals(lines[1], CanonicalUri.of(signedRequest.rawPath(), vector.normalize()));
        assertEquals(lines[lines.length - 2], parsed.signedHeaders().text());
        assertEquals(lines[lines.length - 1], PayloadHash.of(signedRequest, parsed.signedHeaders()));

        StringToSign stringToSign = StringToSign.of(parsed.timestamp(), parsed.scope(), canonical);
        assertEquals(vector.file(variant.prefix + "string-to-sign.txt"), stringToSign.text());
        assertEquals(vector.file(variant.prefix + "signature.txt"),
                SigningKey.derive(vector.credentials().secretAccessKey(), parsed.scope()).signHex(stringToSign.text()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void signedRequestVerifies(VectorCase vector, Variant variant) {
        SignableRequest signedRequest = HttpMessage.parse(vector.file(variant.prefix + "signed-request.txt"));

        ParsedSignature parsed = verify(vector, signedRequest);

        assertEquals(variant == Variant.HEADER ? AuthForm.HEADER : AuthForm.QUERY, parsed.form());
        assertEquals(vector.credentials().accessKeyId(), parsed.accessKeyId());
        assertEquals(CredentialScope.of("20150830", vector.region(), vector.service()), parsed.scope());
        assertEquals(vector.timestamp(), parsed.requestTime());
        assertEquals(vector.credentials().sessionToken(), parsed.sessionToken());
        assertEquals(vector.file(variant.prefix + "signature.txt"), parsed.signature());
        if (variant == Variant.QUERY) {
            assertEquals(vector.expiresIn(), parsed.expiresIn().orElseThrow());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void changingAnySignedPartFailsVerification(VectorCase vector, Variant variant) {
        SignableRequest signedRequest = HttpMessage.parse(vector.file(variant.prefix + "signed-request.txt"));
        verify(vector, signedRequest);

        List<Named<UnaryOperator<SignableRequest>>> tamperings = tamperings(vector, signedRequest);
        assertTrue(tamperings.size() >= 4, "too few tamperings: " + tamperings);
        for (Named<UnaryOperator<SignableRequest>> tampering : tamperings) {
            SignableRequest tampered = tampering.getPayload().apply(signedRequest);
            assertThrows(SigV4Exception.class, () -> verify(vector, tampered),
                    () -> vector.name() + " " + variant + ": still verifies after " + tampering.getName());
        }
    }

    private static List<Named<UnaryOperator<SignableRequest>>> tamperings(VectorCase vector, SignableRequest request) {
        List<Named<UnaryOperator<SignableRequest>>> out = new ArrayList<>();
        out.add(Named.of("method", r -> r.withMethod(r.method().equals("GET") ? "PUT" : "GET")));
        out.add(Named.of("method case", r -> r.withMethod(r.method().toLowerCase(Locale.ROOT))));
        out.add(Named.of("path", r -> r.withRawPath(r.rawPath() + "x")));

        // Every query parameter (its last character), plus one added.
        String query = request.rawQuery();
        String[] params = query.isEmpty() ? new String[0] : query.split("&", -1);
        for (int i = 0; i < params.length; i++) {
            if (vector.omitSessionToken() && params[i].startsWith("X-Amz-Security-Token=")) {
                continue; // appended after signing: not signed
            }
            int index = i;
            out.add(Named.of("query parameter " + params[i], r -> {
                String[] copy = r.rawQuery().split("&", -1);
                copy[index] = changeLastCharacter(copy[index]);
                return r.withRawQuery(String.join("&", copy));
            }));
        }
        out.add(Named.of("query parameter added",
                r -> r.withRawQuery(r.rawQuery().isEmpty() ? "a=b" : r.rawQuery() + "&a=b")));

        // Every signed header's value.
        ParsedSignature parsed = SignatureParser.parse(request, vector.timestamp(), vector.verifierSettings());
        List<Header> headers = request.headers();
        for (int i = 0; i < headers.size(); i++) {
            Header header = headers.get(i);
            String name = header.name().toLowerCase(Locale.ROOT);
            if (!parsed.signedHeaders().contains(name) && !name.equals("authorization")) {
                continue;
            }
            int index = i;
            out.add(Named.of("header " + header.name(), r -> {
                List<Header> copy = new ArrayList<>(r.headers());
                Header original = copy.get(index);
                copy.set(index, new Header(original.name(), changeLastCharacter(original.value())));
                return r.withHeaders(copy);
            }));
        }

        if (!request.payload().isEmpty()) {
            out.add(Named.of("body", r -> {
                byte[] body = r.payload().bytes();
                body[body.length - 1] ^= 1;
                return r.withPayload(Payload.of(body));
            }));
        }
        return out;
    }

    /** Replaces the last character with a digit that differs from it also after percent-decoding. */
    private static String changeLastCharacter(String text) {
        if (text.isEmpty()) {
            return "0";
        }
        char last = text.charAt(text.length() - 1);
        return text.substring(0, text.length() - 1) + (last == '0' ? '1' : '0');
    }

    private ParsedSignature verify(VectorCase vector, SignableRequest request) {
        ParsedSignature parsed = SignatureParser.parse(request, vector.timestamp(), vector.verifierSettings());
        new SignatureVerifier(vector.verifierSettings(), keyCache)
                .verify(parsed, request, vector.credentials().secretAccessKey());
        return parsed;
    }

    private SignedRequest sign(VectorCase vector, Variant variant) {
        return variant == Variant.HEADER
                ? signer.sign(vector.request(), vector.signingParams())
                : signer.presign(vector.request(), vector.signingParams(), vector.expiresIn());
    }
}
