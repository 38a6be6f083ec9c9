package io.charter.server.protocol;

/**
 * A shape of an AWS service model: what a value of a member may be. Shapes are built once when
 * the model loads (patterns compiled then) and are immutable afterwards; they are shared by all
 * request threads.
 */
public sealed interface Shape permits StructureShape, ListShape, MapShape, ScalarShape {

    /** The shape's name in the model, e.g. {@code roleSessionNameType}. */
    String name();

    /** The model type. */
    ShapeType type();
}
