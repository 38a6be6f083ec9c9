package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

/** A long-term access key together with the principal it belongs to. */
public record Credential(AccessKey key, Identity principal) {
    public Credential {
        requireNonNull(key, "key is null");
        requireNonNull(principal, "principal is null");
    }
}
