package io.charter.server.protocol;

import java.util.Optional;

/** The types of the AWS model ({@code "type"} of a shape) that the query protocol carries. */
public enum ShapeType {
    STRUCTURE("structure"),
    LIST("list"),
    MAP("map"),
    STRING("string"),
    INTEGER("integer"),
    LONG("long"),
    BOOLEAN("boolean"),
    /** Both {@code double} and {@code float} model types: values are carried as Java doubles. */
    DOUBLE("double"),
    FLOAT("float"),
    TIMESTAMP("timestamp"),
    BLOB("blob");

    private final String modelName;

    ShapeType(String modelName) {
        this.modelName = modelName;
    }

    /** The name used in model JSON. */
    public String modelName() {
        return modelName;
    }

    static Optional<ShapeType> fromModelName(String name) {
        for (ShapeType t : values()) {
            if (t.modelName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
