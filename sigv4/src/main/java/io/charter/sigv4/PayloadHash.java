package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

/**
 * Step 1f of SigV4: the hashed payload. Stateless.
 *
 * <p>The lower-case hex SHA-256 of the body, unless {@code x-amz-content-sha256} is a signed
 * header, in which case its (trimmed) value is used as botocore does. {@link SignatureVerifier}
 * additionally requires that value to equal the body's hash.
 */
public final class PayloadHash {

    static final String CONTENT_SHA256 = "x-amz-content-sha256";

    private PayloadHash() {
    }

    public static String of(SignableRequest request, SignedHeaders signedHeaders) {
        requireNonNull(request, "request is null");
        requireNonNull(signedHeaders, "signedHeaders is null");
        if (signedHeaders.contains(CONTENT_SHA256)) {
            String declared = request.firstHeader(CONTENT_SHA256);
            if (declared != null) {
                return declared.strip();
            }
        }
        return request.payload().sha256Hex();
    }
}
