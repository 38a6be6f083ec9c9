package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * Step 3 of SigV4: the derived signing key {@code kSigning} for one secret and scope, and step 4,
 * the signature it makes. Immutable and thread-safe; the key bytes never leave this class.
 */
public final class SigningKey {

    private final byte[] key;

    private SigningKey(byte[] key) {
        this.key = key;
    }

    /**
     * {@code kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")}.
     * The scope's terminator is used as given ({@link SignatureParser} only lets {@code aws4_request} through).
     */
    public static SigningKey derive(String secretAccessKey, CredentialScope scope) {
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(scope, "scope is null");
        byte[] kDate = HmacSha256.mac(utf8("AWS4" + secretAccessKey), utf8(scope.date()));
        byte[] kRegion = HmacSha256.mac(kDate, utf8(scope.region()));
        byte[] kService = HmacSha256.mac(kRegion, utf8(scope.service()));
        return new SigningKey(HmacSha256.mac(kService, utf8(scope.terminator())));
    }

    /** The raw 32-byte signature of {@code stringToSign}. */
    public byte[] sign(String stringToSign) {
        return HmacSha256.mac(key, utf8(stringToSign));
    }

    /** The signature of {@code stringToSign} as lower-case hex, as it goes into a request. */
    public String signHex(String stringToSign) {
        return Hex.encode(sign(stringToSign));
    }

    /** The key as lower-case hex, for tests and diagnostics; never log it. */
    String hex() {
        return Hex.encode(key);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SigningKey[redacted]";
    }
}
