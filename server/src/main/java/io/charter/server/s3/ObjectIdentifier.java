package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** One entry of a DeleteObjects request body: a key and, for a versioned delete, its version id. */
public record ObjectIdentifier(String key, Optional<String> versionId) {
    public ObjectIdentifier {
        requireNonNull(key, "key is null");
        requireNonNull(versionId, "versionId is null");
    }
}
