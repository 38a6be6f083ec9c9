package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/** A map from string keys to values of one shape, with optional size bounds. */
public record MapShape(String name, Member key, Member value, OptionalLong min, OptionalLong max, boolean flattened)
        implements Shape {

    public MapShape {
        requireNonNull(name, "name is null");
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        requireNonNull(min, "min is null");
        requireNonNull(max, "max is null");
    }

    @Override
    public ShapeType type() {
        return ShapeType.MAP;
    }

    @Override
    public String toString() {
        return "map " + name;
    }
}
