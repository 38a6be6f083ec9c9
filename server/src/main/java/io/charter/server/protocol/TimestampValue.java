package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A timestamp value (an instant; its wire format comes from the model). */
public record TimestampValue(Instant value) implements Value {

    public TimestampValue {
        requireNonNull(value, "value is null");
    }

    @Override
    public String render() {
        return value.toString();
    }
}
