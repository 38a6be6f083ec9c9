package io.charter.server.protocol;

/** A string value. */
public record StringValue(String value) implements Value {

    public StringValue {
        java.util.Objects.requireNonNull(value, "value is null");
    }

    @Override
    public String render() {
        return value;
    }
}
