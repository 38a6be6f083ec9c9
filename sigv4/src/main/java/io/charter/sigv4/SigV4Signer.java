package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Signs requests with SigV4: in the {@code Authorization} header ({@link #sign}) or as a presigned
 * URL ({@link #presign}). Used by tests and by the server's own clients; it reproduces the
 * aws-c-auth signing suite byte for byte.
 *
 * <p>Every header present is signed except the hop-by-hop and agent headers botocore leaves out
 * ({@code user-agent}, {@code expect}, {@code x-amzn-trace-id}, ...). Header signing adds
 * {@code X-Amz-Security-Token} (if any), {@code X-Amz-Date}, optionally {@code x-amz-content-sha256},
 * then {@code Authorization}; presigning appends {@code X-Amz-Algorithm}, {@code X-Amz-Credential},
 * {@code X-Amz-Date}, {@code X-Amz-SignedHeaders}, {@code X-Amz-Expires}, {@code X-Amz-Security-Token}
 * (if any) and {@code X-Amz-Signature} to the raw query.
 *
 * <p>Thread-safe: stateless apart from the shared {@link SigningKeyCache}.
 */
public final class SigV4Signer {

    /** Longest validity of a presigned URL, per the SigV4 spec: 7 days. */
    public static final Duration MAX_EXPIRES = Duration.ofDays(7);

    static final String AUTHORIZATION = "authorization";
    static final String X_AMZ_DATE = "x-amz-date";
    static final String X_AMZ_SECURITY_TOKEN = "x-amz-security-token";

    private static final Set<String> UNSIGNED_HEADERS = Set.of(
            AUTHORIZATION, "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id");

    private final SigningKeyCache keyCache;

    public SigV4Signer() {
        this(new SigningKeyCache());
    }

    public SigV4Signer(SigningKeyCache keyCache) {
        this.keyCache = requireNonNull(keyCache, "keyCache is null");
    }

    /** Signs {@code request} with the {@code Authorization} header. Existing auth headers are replaced. */
    public SignedRequest sign(SignableRequest request, SigningParams params) {
        requireNonNull(request, "request is null");
        requireNonNull(params, "params is null");
        String timestamp = AmzDate.format(params.time());
        CredentialScope scope = scopeOf(timestamp, params);
        Credentials credentials = params.credentials();

        SignableRequest unsigned = request.withoutHeader(AUTHORIZATION).withoutHeader(X_AMZ_DATE)
                .withoutHeader(X_AMZ_SECURITY_TOKEN);
        if (params.addContentSha256Header()) {
            unsigned = unsigned.withoutHeader(PayloadHash.CONTENT_SHA256);
        }
        List<Header> headers = new ArrayList<>(unsigned.headers());
        credentials.sessionToken().ifPresent(token -> headers.add(new Header("X-Amz-Security-Token", token)));
        headers.add(new Header("X-Amz-Date", timestamp));
        if (params.addContentSha256Header()) {
            headers.add(new Header(PayloadHash.CONTENT_SHA256, request.payload().sha256Hex()));
        }
        SignableRequest toSign = unsigned.withHeaders(headers);

        List<String> names = namesToSign(headers);
        if (!params.signSessionToken()) {
            names.remove(X_AMZ_SECURITY_TOKEN);
        }
        SignedHeaders signedHeaders = SignedHeaders.of(names);
        CanonicalRequest canonical = CanonicalRequest.of(
                toSign, signedHeaders, CanonicalQueryString.of(toSign.rawQuery()), params.normalizePath());
        StringToSign stringToSign = StringToSign.of(timestamp, scope, canonical);
        String signature = keyCache.signingKey(credentials.secretAccessKey(), scope).signHex(stringToSign.text());

        String authorization = StringToSign.ALGORITHM + " Credential=" + credentials.accessKeyId() + '/' + scope.text()
                + ", SignedHeaders=" + signedHeaders.text() + ", Signature=" + signature;
        return new SignedRequest(toSign.withHeader(new Header("Authorization", authorization)),
                canonical, stringToSign, signature);
    }

    /**
     * Presigns {@code request}: the authentication goes into the query string, valid for {@code expiresIn}
     * (1 second to 7 days, whole seconds).
     */
    public SignedRequest presign(SignableRequest request, SigningParams params, Duration expiresIn) {
        requireNonNull(request, "request is null");
        requireNonNull(params, "params is null");
        requireNonNull(expiresIn, "expiresIn is null");
        if (expiresIn.compareTo(Duration.ofSeconds(1)) < 0 || expiresIn.compareTo(MAX_EXPIRES) > 0) {
            throw new IllegalArgumentException("expiresIn must be between 1 second and 7 days: " + expiresIn);
        }
        String timestamp = AmzDate.format(params.time());
        CredentialScope scope = scopeOf(timestamp, params);
        Credentials credentials = params.credentials();
        SignedHeaders signedHeaders = SignedHeaders.of(namesToSign(request.headers()));

        StringBuilder query = new StringBuilder(request.rawQuery().length() + 256).append(request.rawQuery());
        appendParam(query, "X-Amz-Algorithm", StringToSign.ALGORITHM);
        appendParam(query, "X-Amz-Credential", credentials.accessKeyId() + '/' + scope.text());
        appendParam(query, "X-Amz-Date", timestamp);
        appendParam(query, "X-Amz-SignedHeaders", signedHeaders.text());
        appendParam(query, "X-Amz-Expires", Long.toString(expiresIn.toSeconds()));
        if (params.signSessionToken()) {
            credentials.sessionToken().ifPresent(token -> appendParam(query, "X-Amz-Security-Token", token));
        }
        SignableRequest toSign = request.withRawQuery(query.toString());

        CanonicalRequest canonical = CanonicalRequest.of(
                toSign, signedHeaders, CanonicalQueryString.of(toSign.rawQuery()), params.normalizePath());
        StringToSign stringToSign = StringToSign.of(timestamp, scope, canonical);
        String signature = keyCache.signingKey(credentials.secretAccessKey(), scope).signHex(stringToSign.text());

        if (!params.signSessionToken()) {
            credentials.sessionToken().ifPresent(token -> appendParam(query, "X-Amz-Security-Token", token));
        }
        appendParam(query, "X-Amz-Signature", signature);
        return new SignedRequest(request.withRawQuery(query.toString()), canonical, stringToSign, signature);
    }

    private static CredentialScope scopeOf(String timestamp, SigningParams params) {
        return CredentialScope.of(timestamp.substring(0, 8), params.region(), params.service());
    }

    private static List<String> namesToSign(List<Header> headers) {
        List<String> names = new ArrayList<>(headers.size());
        for (Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (!UNSIGNED_HEADERS.contains(name) && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static void appendParam(StringBuilder query, String key, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(key).append('=').append(PercentEncoding.encode(value));
    }
}
