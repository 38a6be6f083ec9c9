package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Base64;

/** A binary value (base64 on the wire). The bytes are copied in and out. */
public record BlobValue(byte[] value) implements Value {

    public BlobValue {
        value = requireNonNull(value, "value is null").clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Length in bytes, without copying. */
    public int length() {
        return value.length;
    }

    String base64() {
        return Base64.getEncoder().encodeToString(value);
    }

    @Override
    public String render() {
        return base64();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobValue other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "BlobValue[" + base64() + "]";
    }
}
