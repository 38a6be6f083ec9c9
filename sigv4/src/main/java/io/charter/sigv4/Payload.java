package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The body of a request. Immutable; the SHA-256 of the bytes is computed on first use and kept.
 *
 * <p>Thread-safe: the hash is cached in a volatile field; two threads racing on the first call
 * compute the same value, so the race is benign.
 */
public final class Payload {

    private static final Payload EMPTY = new Payload(new byte[0]);

    private final byte[] bytes;
    private volatile String sha256Hex;

    private Payload(byte[] bytes) {
        this.bytes = bytes;
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

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
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
        return other instanceof Payload that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Payload[" + bytes.length + " bytes]";
    }
}
