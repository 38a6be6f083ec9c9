package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import io.charter.policy.Policy;
import java.time.Instant;

/** One version of a managed policy: the document as written, compiled once, on first use. */
public record PolicyVersion(String versionId, StoredPolicy stored, Instant createdAt) {
    public PolicyVersion {
        requireNonNull(versionId, "versionId is null");
        requireNonNull(stored, "stored is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public PolicyVersion(String versionId, Policy document, Instant createdAt) {
        this(versionId, StoredPolicy.of(document), createdAt);
    }

    /** The compiled document (compiled on first use). */
    public Policy document() {
        return stored.policy();
    }
}
