package io.charter.server.token;

import static java.util.Objects.requireNonNull;

/** A session tag as passed to STS (key case is kept; keys compare case-insensitively). */
public record SessionTag(String key, String value) {
    public SessionTag {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
