package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.List;

/**
 * Phase two of verification (check 12 of AWS's error ordering): recomputes the signature of a
 * request parsed by {@link SignatureParser} with the secret the server found for its access key,
 * and compares in constant time ({@link MessageDigest#isEqual}).
 *
 * <p>Choices where AWS is silent or unclear:
 * <ul>
 *   <li>{@code X-Amz-Security-Token} need not be signed: in the header form the signed-header
 *       list says whether it is; in the query form the signature is first checked with the token
 *       in the canonical query and, if that fails, without it (clients that append the token after
 *       presigning, aws-c-auth's {@code omit_session_token}). The token is bound to the access key
 *       by the server, so leaving it unsigned gives an attacker nothing.</li>
 *   <li>A signed {@code x-amz-content-sha256} is used as the payload hash, as SigV4 says, but must
 *       equal the SHA-256 of the body received ({@code UNSIGNED-PAYLOAD} is refused): an STS/IAM
 *       body is the action itself and must be covered by the signature. Failing that is
 *       {@code SignatureDoesNotMatch} with S3's wording.</li>
 * </ul>
 *
 * <p>Thread-safe: immutable apart from the shared {@link SigningKeyCache}.
 */
public final class SignatureVerifier {

    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";
    static final String CONTENT_SHA256_MISMATCH =
            "The provided 'x-amz-content-sha256' header does not match what was computed.";

    private static final List<String> SIGNATURE_PARAM = List.of("X-Amz-Signature");
    private static final List<String> SIGNATURE_AND_TOKEN_PARAMS = List.of("X-Amz-Signature", "X-Amz-Security-Token");

    private final VerifierSettings settings;
    private final SigningKeyCache keyCache;

    public SignatureVerifier(VerifierSettings settings, SigningKeyCache keyCache) {
        this.settings = requireNonNull(settings, "settings is null");
        this.keyCache = requireNonNull(keyCache, "keyCache is null");
    }

    /**
     * Passes if {@code parsed.signature()} is the signature of {@code request} under {@code secretAccessKey}.
     *
     * @param parsed  what {@link SignatureParser#parse} returned for this very request
     * @return the signing key the signature was verified with: the chunk signatures of a streaming
     *     S3 body chain from this signature under the same key ({@link StreamingPayloads#signedChunks})
     * @throws SigV4Exception {@code SignatureDoesNotMatch} otherwise
     */
    public SigningKey verify(ParsedSignature parsed, SignableRequest request, String secretAccessKey) {
        requireNonNull(parsed, "parsed is null");
        requireNonNull(request, "request is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");

        byte[] provided = Hex.decodeLowerCase(parsed.signature(), HmacSha256.LENGTH);
        checkDeclaredPayloadHash(parsed, request);
        SigningKey cached = keyCache.cached(secretAccessKey, parsed.scope());
        SigningKey key = cached != null ? cached
                : SigningKey.derive(secretAccessKey, CredentialScope.of(parsed.scope().date(), parsed.scope().region(),
                        parsed.scope().service()));

        boolean matches = matches(provided, key, parsed, canonicalRequest(parsed, request));
        if (!matches && parsed.form() == AuthForm.QUERY && parsed.sessionToken().isPresent()) {
            CanonicalRequest withoutToken = CanonicalRequest.of(asSigned(request), parsed.signedHeaders(),
                    CanonicalQueryString.of(request.rawQuery(), SIGNATURE_AND_TOKEN_PARAMS), settings.normalizePath());
            matches = matches(provided, key, parsed, withoutToken);
        }
        if (!matches) {
            throw new SigV4Exception(SigV4ErrorCode.SignatureDoesNotMatch, SIGNATURE_MISMATCH);
        }
        if (cached == null) {
            keyCache.remember(secretAccessKey, parsed.scope(), key);
        }
        return key;
    }

    /**
     * The canonical request the server computes for {@code request} (first form tried), for
     * diagnostics: AWS's S3 returns it with a signature mismatch; never log it with secrets.
     */
    public CanonicalRequest canonicalRequest(ParsedSignature parsed, SignableRequest request) {
        String canonicalQuery = parsed.form() == AuthForm.QUERY
                ? CanonicalQueryString.of(request.rawQuery(), SIGNATURE_PARAM)
                : CanonicalQueryString.of(request.rawQuery());
        return CanonicalRequest.of(asSigned(request), parsed.signedHeaders(), canonicalQuery, settings.normalizePath());
    }

    /**
     * The request with its path as its client signed it. Every service but S3 signs its path
     * normalized and encoded once more; S3 signs the key encoded once: so with
     * {@code normalizePath} off, the path's escapes are decoded here and encoded once by the
     * canonical URI ({@code /a%20b} and {@code /a b} both sign as {@code /a%20b}, as S3 reads them).
     */
    private SignableRequest asSigned(SignableRequest request) {
        return settings.normalizePath() ? request : request.withRawPath(PercentEncoding.decodePath(request.rawPath()));
    }

    private static boolean matches(
            byte[] provided, SigningKey key, ParsedSignature parsed, CanonicalRequest canonical) {
        StringToSign stringToSign = new StringToSign(parsed.timestamp(), parsed.scope(), canonical.sha256Hex());
        byte[] expected = key.sign(stringToSign.text());
        // A malformed signature still costs one HMAC, so timing says nothing about its shape.
        return provided != null && MessageDigest.isEqual(expected, provided);
    }

    private static void checkDeclaredPayloadHash(ParsedSignature parsed, SignableRequest request) {
        if (!parsed.signedHeaders().contains(PayloadHash.CONTENT_SHA256)) {
            return;
        }
        String declared = request.firstHeader(PayloadHash.CONTENT_SHA256);
        if (declared != null && !declared.strip().equals(request.payload().sha256Hex())) {
            throw new SigV4Exception(SigV4ErrorCode.SignatureDoesNotMatch, CONTENT_SHA256_MISMATCH);
        }
    }
}
