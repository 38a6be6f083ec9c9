package io.charter.server.store;

import io.charter.server.store.PermissionRows.AttachmentRow;
import io.charter.server.store.PermissionRows.BoundaryRow;
import io.charter.server.store.PermissionRows.InlineRow;
import io.charter.server.store.PermissionRows.PolicyRow;
import io.charter.server.store.PermissionRows.TagRow;
import io.charter.server.store.PermissionRows.VersionRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SQL for managed policies, their versions, attachments, inline policies, tags and permissions
 * boundaries. Each method runs on the caller's connection. Stateless and thread-safe.
 */
public final class PermissionRepository {

    public void insertPolicy(Connection c, PolicyRow row) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.POLICY, row.policyId());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO policies (policy_id, account_id, name, name_key,"
                + " path, description, default_version_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, row.policyId());
            insert.setString(2, row.accountId());
            insert.setString(3, row.name());
            insert.setString(4, row.name().toLowerCase(Locale.ROOT));
            insert.setString(5, row.path());
            insert.setString(6, row.description());
            insert.setString(7, row.defaultVersionId());
            insert.setString(8, row.createdAt().toString());
            insert.setString(9, row.updatedAt().toString());
            insert.executeUpdate();
        }
    }

    public void setDefaultVersion(Connection c, String policyId, String versionId, Instant at) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.POLICY, policyId);
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE policies SET default_version_id = ?, updated_at = ? WHERE policy_id = ?")) {
            update.setString(1, versionId);
            update.setString(2, at.toString());
            update.setString(3, policyId);
            update.executeUpdate();
        }
    }

    public void deletePolicy(Connection c, String policyId) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.POLICY, policyId);
        execute(c, "DELETE FROM policy_versions WHERE policy_id = ?", policyId);
        execute(c, "DELETE FROM policies WHERE policy_id = ?", policyId);
    }

    public void insertVersion(Connection c, VersionRow row) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.POLICY, row.policyId());
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO policy_versions (policy_id, version_id, document, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, row.policyId());
            insert.setString(2, row.versionId());
            insert.setString(3, row.document());
            insert.setString(4, row.createdAt().toString());
            insert.executeUpdate();
        }
    }

    public void deleteVersion(Connection c, String policyId, String versionId) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.POLICY, policyId);
        execute(c, "DELETE FROM policy_versions WHERE policy_id = ? AND version_id = ?", policyId, versionId);
    }

    public List<PolicyRow> listPolicies(Connection c) throws SQLException {
        return StoreRows.list(c, "SELECT policy_id, account_id, name, path, description, default_version_id, created_at, updated_at"
                + " FROM policies", PermissionRepository::policy);
    }

    /** The customer managed policy with this id. */
    public Optional<PolicyRow> findPolicy(Connection c, String policyId) throws SQLException {
        return StoreRows.first(c, "SELECT policy_id, account_id, name, path, description, default_version_id, created_at, updated_at"
                + " FROM policies WHERE policy_id = ?", PermissionRepository::policy, policyId);
    }

    /** Every version, grouped by policy id, in creation order. */
    public Map<String, List<VersionRow>> listVersions(Connection c) throws SQLException {
        Map<String, List<VersionRow>> byPolicy = new HashMap<>();
        for (VersionRow row : StoreRows.list(c, "SELECT policy_id, version_id, document, created_at FROM policy_versions"
                + " ORDER BY policy_id, created_at, version_id", PermissionRepository::version)) {
            byPolicy.computeIfAbsent(row.policyId(), k -> new ArrayList<>()).add(row);
        }
        return byPolicy;
    }

    /** The versions of one policy, in creation order. */
    public List<VersionRow> versionsOf(Connection c, String policyId) throws SQLException {
        return StoreRows.list(c, "SELECT policy_id, version_id, document, created_at FROM policy_versions WHERE policy_id = ?"
                + " ORDER BY created_at, version_id", PermissionRepository::version, policyId);
    }

    /** The version ids of a policy (inside a transaction, to check preconditions against the store). */
    public List<String> versionIds(Connection c, String policyId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT version_id FROM policy_versions WHERE policy_id = ?")) {
            query.setString(1, policyId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        return ids;
    }

    public Optional<String> defaultVersionId(Connection c, String policyId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT default_version_id FROM policies WHERE policy_id = ?")) {
            query.setString(1, policyId);
            try (ResultSet r = query.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    /** Whether the account has a customer managed policy of this name, in any path (names compare case-insensitively). */
    public boolean policyNameTaken(Connection c, String accountId, String name) throws SQLException {
        return StoreRows.count(c, "SELECT COUNT(*) FROM policies WHERE account_id = ? AND name_key = ?", accountId,
                name.toLowerCase(Locale.ROOT)) > 0;
    }

    /** Whether a customer managed policy with this account, path and name exists. */
    public boolean policyExists(Connection c, String accountId, String path, String name) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT 1 FROM policies WHERE account_id = ? AND path = ? AND name_key = ?")) {
            query.setString(1, accountId);
            query.setString(2, path);
            query.setString(3, name.toLowerCase(Locale.ROOT));
            try (ResultSet r = query.executeQuery()) {
                return r.next();
            }
        }
    }

    /** How many users, roles and groups have the policy attached. */
    public int countAttachments(Connection c, String policyArn) throws SQLException {
        return StoreRows.count(c, "SELECT COUNT(*) FROM policy_attachments WHERE policy_arn = ?", policyArn);
    }

    /** How many users and roles use the policy as their permissions boundary. */
    public int countBoundaryUses(Connection c, String policyArn) throws SQLException {
        return StoreRows.count(c, "SELECT COUNT(*) FROM principals WHERE permissions_boundary = ?", policyArn);
    }

    /** The managed-policy ARNs attached to one entity, in attach order. */
    public List<String> attachmentsOf(Connection c, String entityId) throws SQLException {
        return StoreRows.list(c, "SELECT policy_arn FROM policy_attachments WHERE entity_id = ? ORDER BY attached_at, policy_arn",
                r -> r.getString(1), entityId);
    }

    public void attach(Connection c, String entityId, String policyArn, Instant at) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, entityId);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO policy_attachments (entity_id, policy_arn, attached_at) VALUES (?, ?, ?)")) {
            insert.setString(1, entityId);
            insert.setString(2, policyArn);
            insert.setString(3, at.toString());
            insert.executeUpdate();
        }
    }

    public boolean detach(Connection c, String entityId, String policyArn) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, entityId);
        return execute(c, "DELETE FROM policy_attachments WHERE entity_id = ? AND policy_arn = ?", entityId, policyArn) == 1;
    }

    public List<AttachmentRow> listAttachments(Connection c) throws SQLException {
        return StoreRows.list(c, "SELECT entity_id, policy_arn FROM policy_attachments ORDER BY attached_at, policy_arn",
                r -> new AttachmentRow(r.getString(1), r.getString(2)));
    }

    /** Creates or replaces the inline policy {@code name} of an entity. */
    public void putInline(Connection c, InlineRow row) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, row.entityId());
        execute(c, "DELETE FROM inline_policies WHERE entity_id = ? AND name_key = ?", row.entityId(),
                row.name().toLowerCase(Locale.ROOT));
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO inline_policies (entity_id, policy_name, name_key, document) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, row.entityId());
            insert.setString(2, row.name());
            insert.setString(3, row.name().toLowerCase(Locale.ROOT));
            insert.setString(4, row.document());
            insert.executeUpdate();
        }
    }

    public boolean deleteInline(Connection c, String entityId, String name) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, entityId);
        return execute(c, "DELETE FROM inline_policies WHERE entity_id = ? AND name_key = ?", entityId,
                name.toLowerCase(Locale.ROOT)) == 1;
    }

    public List<InlineRow> listInline(Connection c) throws SQLException {
        return StoreRows.list(c, "SELECT entity_id, policy_name, document FROM inline_policies ORDER BY entity_id, name_key",
                PermissionRepository::inline);
    }

    /** The inline policies of one entity, by name. */
    public List<InlineRow> inlineOf(Connection c, String entityId) throws SQLException {
        return StoreRows.list(c, "SELECT entity_id, policy_name, document FROM inline_policies WHERE entity_id = ? ORDER BY name_key",
                PermissionRepository::inline, entityId);
    }

    /** Replaces all tags of an entity. */
    public void replaceTags(Connection c, String entityId, List<TagRow> tags) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, entityId);
        execute(c, "DELETE FROM entity_tags WHERE entity_id = ?", entityId);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO entity_tags (entity_id, tag_key, key_lower, tag_value, position) VALUES (?, ?, ?, ?, ?)")) {
            for (TagRow tag : tags) {
                insert.setString(1, entityId);
                insert.setString(2, tag.key());
                insert.setString(3, tag.key().toLowerCase(Locale.ROOT));
                insert.setString(4, tag.value());
                insert.setInt(5, tag.position());
                insert.executeUpdate();
            }
        }
    }

    public List<TagRow> listTags(Connection c) throws SQLException {
        return StoreRows.list(c, "SELECT entity_id, tag_key, tag_value, position FROM entity_tags ORDER BY entity_id, position",
                PermissionRepository::tag);
    }

    /** The tags of one entity, in the order given. */
    public List<TagRow> tagsOf(Connection c, String entityId) throws SQLException {
        return StoreRows.list(c, "SELECT entity_id, tag_key, tag_value, position FROM entity_tags WHERE entity_id = ? ORDER BY position",
                PermissionRepository::tag, entityId);
    }

    public void setBoundary(Connection c, String entityId, String policyArnOrNull) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, entityId);
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE principals SET permissions_boundary = ? WHERE unique_id = ?")) {
            update.setString(1, policyArnOrNull);
            update.setString(2, entityId);
            update.executeUpdate();
        }
    }

    public Map<String, String> listBoundaries(Connection c) throws SQLException {
        Map<String, String> boundaries = new HashMap<>();
        for (BoundaryRow row : StoreRows.list(c, "SELECT unique_id, permissions_boundary FROM principals"
                + " WHERE permissions_boundary IS NOT NULL", PermissionRepository::boundary)) {
            boundaries.put(row.entityId(), row.policyArn().orElseThrow());
        }
        return boundaries;
    }

    /** The permissions-boundary policy ARN of one principal, if it has one. */
    public Optional<String> boundaryOf(Connection c, String entityId) throws SQLException {
        return StoreRows.first(c, "SELECT unique_id, permissions_boundary FROM principals WHERE unique_id = ?",
                PermissionRepository::boundary, entityId).flatMap(BoundaryRow::policyArn);
    }

    /** Removes every permission row of an entity (it is being deleted). */
    public void deleteEntity(Connection c, String entityId) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, entityId);
        execute(c, "DELETE FROM policy_attachments WHERE entity_id = ?", entityId);
        execute(c, "DELETE FROM inline_policies WHERE entity_id = ?", entityId);
        execute(c, "DELETE FROM entity_tags WHERE entity_id = ?", entityId);
    }

    private static PolicyRow policy(ResultSet r) throws SQLException {
        return new PolicyRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), Instant.parse(r.getString(7)), Instant.parse(r.getString(8)));
    }

    private static VersionRow version(ResultSet r) throws SQLException {
        return new VersionRow(r.getString(1), r.getString(2), r.getString(3), Instant.parse(r.getString(4)));
    }

    private static InlineRow inline(ResultSet r) throws SQLException {
        return new InlineRow(r.getString(1), r.getString(2), r.getString(3));
    }

    private static TagRow tag(ResultSet r) throws SQLException {
        return new TagRow(r.getString(1), r.getString(2), r.getString(3), r.getInt(4));
    }

    private static BoundaryRow boundary(ResultSet r) throws SQLException {
        return new BoundaryRow(r.getString(1), Optional.ofNullable(r.getString(2)));
    }

    private static int execute(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
