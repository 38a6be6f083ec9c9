package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * Step 1 of SigV4: the canonical request, the six parts joined by {@code \n} (the headers block
 * ends with its own {@code \n}, hence the empty line before the signed headers).
 *
 * @param method               HTTP method as received
 * @param canonicalUri         see {@link CanonicalUri}
 * @param canonicalQueryString see {@link CanonicalQueryString}
 * @param canonicalHeaders     see {@link CanonicalHeaders}; every line ends with {@code \n}
 * @param signedHeaders        see {@link SignedHeaders#text()}
 * @param payloadHash          see {@link PayloadHash}
 */
public record CanonicalRequest(
        String method,
        String canonicalUri,
        String canonicalQueryString,
        String canonicalHeaders,
        String signedHeaders,
        String payloadHash) {

    public CanonicalRequest {
        requireNonNull(method, "method is null");
        requireNonNull(canonicalUri, "canonicalUri is null");
        requireNonNull(canonicalQueryString, "canonicalQueryString is null");
        requireNonNull(canonicalHeaders, "canonicalHeaders is null");
        requireNonNull(signedHeaders, "signedHeaders is null");
        requireNonNull(payloadHash, "payloadHash is null");
    }

    /**
     * The canonical request of {@code request}.
     *
     * @param canonicalQueryString the query part, already canonical: the caller decides which
     *                             parameters take part (a presigned URL's signature does not)
     * @param normalizePath        see {@link CanonicalUri#of}
     */
    public static CanonicalRequest of(
            SignableRequest request, SignedHeaders signedHeaders, String canonicalQueryString, boolean normalizePath) {
        requireNonNull(request, "request is null");
        return new CanonicalRequest(
                request.method(),
                CanonicalUri.of(request.rawPath(), normalizePath),
                canonicalQueryString,
                CanonicalHeaders.of(request.headers(), signedHeaders),
                signedHeaders.text(),
                PayloadHash.of(request, signedHeaders));
    }

    /** The text that is hashed. */
    public String text() {
        int size = method.length() + canonicalUri.length() + canonicalQueryString.length()
                + canonicalHeaders.length() + signedHeaders.length() + payloadHash.length() + 5;
        return new StringBuilder(size)
                .append(method).append('\n')
                .append(canonicalUri).append('\n')
                .append(canonicalQueryString).append('\n')
                .append(canonicalHeaders).append('\n')
                .append(signedHeaders).append('\n')
                .append(payloadHash)
                .toString();
    }

    /** Lower-case hex SHA-256 of the UTF-8 {@link #text()}, as it goes into the string to sign. */
    public String sha256Hex() {
        return Hex.encode(Sha256.digest(text().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return text();
    }
}
