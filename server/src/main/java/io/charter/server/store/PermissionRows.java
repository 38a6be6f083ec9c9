package io.charter.server.store;

import java.time.Instant;
import java.util.Optional;

/** Rows of the permission tables, as stored (documents as text, not yet compiled). */
public final class PermissionRows {
    private PermissionRows() {
    }

    /** A row of {@code policies}: a customer managed policy. */
    public record PolicyRow(String policyId, String accountId, String name, String path, String description,
            String defaultVersionId, Instant createdAt, Instant updatedAt) {
    }

    /** A row of {@code policy_versions}. */
    public record VersionRow(String policyId, String versionId, String document, Instant createdAt) {
    }

    /** A row of {@code policy_attachments}. */
    public record AttachmentRow(String entityId, String policyArn) {
    }

    /** A row of {@code inline_policies}. */
    public record InlineRow(String entityId, String name, String document) {
    }

    /** A row of {@code entity_tags}. */
    public record TagRow(String entityId, String key, String value, int position) {
    }

    /** A principal's permissions boundary. */
    public record BoundaryRow(String entityId, Optional<String> policyArn) {
    }
}
