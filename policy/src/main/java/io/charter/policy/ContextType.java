package io.charter.policy;

import java.util.Optional;

/** The type of a request-context value, as the Service Authorization Reference lists key types. */
public enum ContextType {
    STRING,
    NUMBER,
    DATE,
    BOOL,
    BINARY,
    IP,
    ARN;

    /**
     * The type IAM's simulator names {@code name} ({@code ContextKeyTypeEnum} without its
     * {@code List} suffix: string, numeric, boolean, date, ip, binary), if it names one.
     */
    public static Optional<ContextType> ofIamName(String name) {
        return Optional.ofNullable(switch (name) {
            case "string" -> STRING;
            case "numeric" -> NUMBER;
            case "boolean" -> BOOL;
            case "date" -> DATE;
            case "ip" -> IP;
            case "binary" -> BINARY;
            default -> null;
        });
    }
}
