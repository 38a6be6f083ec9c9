package io.charter.server.protocol;

/** A long value. */
public record LongValue(long value) implements Value {

    @Override
    public String render() {
        return Long.toString(value);
    }
}
