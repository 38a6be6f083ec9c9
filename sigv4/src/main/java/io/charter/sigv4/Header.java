package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

/**
 * One HTTP header line exactly as received: the name in its original case and the raw value
 * (untrimmed; an obsolete line-folded value keeps its embedded line breaks).
 *
 * @param name  header name, non-empty
 * @param value raw header value, possibly empty
 */
public record Header(String name, String value) {

    public Header {
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name is empty");
        }
    }

    /** Whether this header's name equals {@code lowerCaseName}, ignoring ASCII case. */
    public boolean hasName(String lowerCaseName) {
        return name.equalsIgnoreCase(lowerCaseName);
    }
}
