package io.charter.policy;

/** The type of a request-context value, as the Service Authorization Reference lists key types. */
public enum ContextType {
    STRING,
    NUMBER,
    DATE,
    BOOL,
    BINARY,
    IP,
    ARN
}
