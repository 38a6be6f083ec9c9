package io.charter.server.service;

/** The result of an operation that answers with nothing but success (its model has no output). */
public record NoResult() {
    /** The one value. */
    public static final NoResult INSTANCE = new NoResult();
}
