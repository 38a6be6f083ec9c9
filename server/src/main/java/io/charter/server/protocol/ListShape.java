package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/** A list of members of one shape, with optional length bounds. */
public record ListShape(String name, Member member, OptionalLong min, OptionalLong max, boolean flattened)
        implements Shape {

    public ListShape {
        requireNonNull(name, "name is null");
        requireNonNull(member, "member is null");
        requireNonNull(min, "min is null");
        requireNonNull(max, "max is null");
    }

    @Override
    public ShapeType type() {
        return ShapeType.LIST;
    }

    @Override
    public String toString() {
        return "list " + name;
    }
}
