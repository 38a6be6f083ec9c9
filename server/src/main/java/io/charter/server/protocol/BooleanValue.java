package io.charter.server.protocol;

/** A boolean value. */
public record BooleanValue(boolean value) implements Value {

    @Override
    public String render() {
        return Boolean.toString(value);
    }
}
