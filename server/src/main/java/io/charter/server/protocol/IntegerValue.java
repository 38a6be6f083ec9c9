package io.charter.server.protocol;

/** An integer value. */
public record IntegerValue(int value) implements Value {

    @Override
    public String render() {
        return Integer.toString(value);
    }
}
