package io.charter.server.protocol;

import java.util.Optional;

/** Wire formats of timestamps ({@code timestampFormat} in the model). Query defaults to ISO 8601. */
public enum TimestampFormat {
    ISO_8601("iso8601"),
    UNIX_SECONDS("unixTimestamp"),
    RFC_822("rfc822");

    private final String modelName;

    TimestampFormat(String modelName) {
        this.modelName = modelName;
    }

    public String modelName() {
        return modelName;
    }

    static Optional<TimestampFormat> fromModelName(String name) {
        for (TimestampFormat f : values()) {
            if (f.modelName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
