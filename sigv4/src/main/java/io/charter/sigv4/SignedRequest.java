package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of signing: the request to send, and the intermediate steps for diagnostics.
 *
 * @param request          the request with the authentication headers or query parameters added
 * @param canonicalRequest step 1
 * @param stringToSign     step 2
 * @param signature        step 4, lower-case hex
 */
public record SignedRequest(
        SignableRequest request, CanonicalRequest canonicalRequest, StringToSign stringToSign, String signature) {

    public SignedRequest {
        requireNonNull(request, "request is null");
        requireNonNull(canonicalRequest, "canonicalRequest is null");
        requireNonNull(stringToSign, "stringToSign is null");
        requireNonNull(signature, "signature is null");
    }
}
