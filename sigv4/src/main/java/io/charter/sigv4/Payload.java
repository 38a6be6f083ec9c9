package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The body of a request. Immutable; the SHA-256 of the bytes is computed on first use and kept.
 * A payload may also be known by its hash alone ({@link #ofSha256Hex}): a service that forwards a
 * request it received for verification passes the hash, not the body.
 *
 * <p>Thread-safe: the hash is cached in a volatile field; two threads racing on the first call
 * compute the same value, so the race is benign.
 */
public final class Payload {

    private static final Payload EMPTY = new Payload(new byte[0]);
    /** What a client signs instead of the body's hash when the signature does not cover the body. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /**
     * S3's declared hash of an {@code aws-chunked} body whose every chunk is signed, chaining from
     * the request's signature ({@link StreamingPayloads#signedChunks}).
     */
    public static final String STREAMING_SIGNED_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    /** As {@link #STREAMING_SIGNED_PAYLOAD}, followed by signed trailing headers (a checksum). */
    public static final String STREAMING_SIGNED_PAYLOAD_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    /**
     * S3's declared hash of an {@code aws-chunked} body without chunk signatures, covered by a
     * trailing checksum instead ({@link StreamingPayloads#unsignedTrailer}).
     */
    public static final String STREAMING_UNSIGNED_PAYLOAD_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /** The bytes; {@code null} for a payload known only by its hash. */
    private final byte[] bytes;
    private volatile String sha256Hex;

    private Payload(byte[] bytes) {
        this.bytes = bytes;
    }

    private Payload(String sha256Hex) {
        this.bytes = null;
        this.sha256Hex = sha256Hex;
    }

    /**
     * A payload known only by its hash: the lower-case hex SHA-256 of the body, or one of the
     * values S3 accepts in place of it ({@link #UNSIGNED_PAYLOAD}, {@link #STREAMING_SIGNED_PAYLOAD},
     * {@link #STREAMING_SIGNED_PAYLOAD_TRAILER}, {@link #STREAMING_UNSIGNED_PAYLOAD_TRAILER}) when
     * the receiver accepts a body the request's signature does not cover directly. The request must
     * then declare that value in a signed {@code x-amz-content-sha256}, or its signature does not
     * match; the receiver verifies the body itself, as it streams ({@link StreamingPayloads}).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Payload ofSha256Hex(String hash) {
        requireNonNull(hash, "hash is null");
        if (!isDeclaredValue(hash) && !isLowerHexSha256(hash)) {
            throw new IllegalArgumentException("a payload hash is 64 lower-case hex digits, " + UNSIGNED_PAYLOAD + ", "
                    + STREAMING_SIGNED_PAYLOAD + ", " + STREAMING_SIGNED_PAYLOAD_TRAILER + " or "
                    + STREAMING_UNSIGNED_PAYLOAD_TRAILER);
        }
        return new Payload(hash);
    }

    private static boolean isDeclaredValue(String hash) {
        return hash.equals(UNSIGNED_PAYLOAD) || hash.equals(STREAMING_SIGNED_PAYLOAD)
                || hash.equals(STREAMING_SIGNED_PAYLOAD_TRAILER) || hash.equals(STREAMING_UNSIGNED_PAYLOAD_TRAILER);
    }

    private static boolean isLowerHexSha256(String hash) {
        if (hash.length() != 64) {
            return false;
        }
        for (int i = 0; i < hash.length(); i++) {
            char c = hash.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes are known (false for {@link #ofSha256Hex}). */
    public boolean hasBytes() {
        return bytes != null;
    }

    /** A payload holding a copy of {@code bytes}. */
    public static Payload of(byte[] bytes) {
        requireNonNull(bytes, "bytes is null");
        return bytes.length == 0 ? EMPTY : new Payload(bytes.clone());
    }

    /** A payload holding the UTF-8 encoding of {@code text}. */
    public static Payload ofUtf8(String text) {
        requireNonNull(text, "text is null");
        return text.isEmpty() ? EMPTY : new Payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The empty payload. */
    public static Payload empty() {
        return EMPTY;
    }

    /**
     * A copy of the bytes.
     *
     * @throws IllegalStateException for a payload known only by its hash
     */
    public byte[] bytes() {
        return known().clone();
    }

    /** The size in bytes; @throws IllegalStateException for a payload known only by its hash. */
    public int size() {
        return known().length;
    }

    /** Whether the body is empty; @throws IllegalStateException for a payload known only by its hash. */
    public boolean isEmpty() {
        return known().length == 0;
    }

    private byte[] known() {
        if (bytes == null) {
            throw new IllegalStateException("only the hash of this payload is known");
        }
        return bytes;
    }

    /** Lower-case hex SHA-256 of the bytes; computed once. */
    public String sha256Hex() {
        String hash = sha256Hex;
        if (hash == null) {
            hash = Hex.encode(Sha256.digest(bytes));
            sha256Hex = hash;
        }
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Payload that) || hasBytes() != that.hasBytes()) {
            return false;
        }
        return hasBytes() ? Arrays.equals(bytes, that.bytes) : sha256Hex.equals(that.sha256Hex);
    }

    @Override
    public int hashCode() {
        return hasBytes() ? Arrays.hashCode(bytes) : sha256Hex.hashCode();
    }

    @Override
    public String toString() {
        return hasBytes() ? "Payload[" + bytes.length + " bytes]" : "Payload[sha256=" + sha256Hex + "]";
    }
}
