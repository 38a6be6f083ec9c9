package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import io.charter.policy.Policy;
import java.time.Instant;

/** One version of a managed policy: the document as written, compiled once. */
public record PolicyVersion(String versionId, Policy document, Instant createdAt) {
    public PolicyVersion {
        requireNonNull(versionId, "versionId is null");
        requireNonNull(document, "document is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
