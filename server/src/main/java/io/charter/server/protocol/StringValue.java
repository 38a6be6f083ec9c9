package io.charter.server.protocol;

import java.util.Objects;

/** A string value. */
public record StringValue(String value) implements Value {

    public StringValue {
        Objects.requireNonNull(value, "value is null");
    }

    @Override
    public String render() {
        return value;
    }
}
