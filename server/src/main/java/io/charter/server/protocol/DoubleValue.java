package io.charter.server.protocol;

/** A double (or float) value; NaN and the infinities are allowed. */
public record DoubleValue(double value) implements Value {

    @Override
    public String render() {
        return Double.toString(value);
    }
}
