package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

/** A tag on an IAM entity; keys compare case-insensitively, their case is kept. */
public record Tag(String key, String value) {
    public Tag {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
