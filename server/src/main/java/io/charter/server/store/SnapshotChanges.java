package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * SQL for {@code snapshot_changes}: the journal of what each change to the authorization state
 * changed, so that a node updates its in-memory snapshot item by item instead of reloading the
 * store. The repositories record every item they write, on the writer's transaction, under the
 * store generation that transaction advanced to (the writer advances it first; see
 * {@link StoreGeneration}). Stateless and thread-safe.
 */
public final class SnapshotChanges {
    /** What a journal row names. */
    public enum Kind {
        /** A principal, role, group or policy by unique id, and what hangs off it: attachments, inline policies, tags, boundary, role attributes. */
        ENTITY,
        /** A long-term access key, by access key id. */
        ACCESS_KEY,
        /** A customer managed policy and its versions, by policy id. */
        POLICY,
        /** The groups and their memberships, reloaded whole (item is empty). */
        GROUPS,
        /** The virtual MFA devices, reloaded whole (item is empty). */
        MFA_DEVICES,
        /** The sessions revoked one by one, reloaded whole (item is empty). */
        REVOKED_SESSIONS,
        /** An S3 bucket and its bucket policy, by bucket name. */
        BUCKET
    }

    /** One changed item. */
    public record Change(Kind kind, String item) {
        public Change {
            requireNonNull(kind, "kind is null");
            requireNonNull(item, "item is null");
        }
    }

    private SnapshotChanges() {
    }

    /** Records that {@code item} changed, on the caller's transaction (once per generation). */
    public static void record(Connection c, Kind kind, String item) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO snapshot_changes (generation, kind, item)"
                + " SELECT generation, ?, ? FROM store_generation WHERE id = 1 ON CONFLICT DO NOTHING")) {
            insert.setString(1, kind.name());
            insert.setString(2, item);
            insert.executeUpdate();
        }
    }

    /** Records that a table reloaded whole changed. */
    public static void record(Connection c, Kind kind) throws SQLException {
        record(c, kind, "");
    }

    /**
     * The items changed after generation {@code after} up to {@code through}, each once; empty when
     * the journal no longer holds them all (pruned) or they are more than {@code limit} (reloading
     * the whole store is then as cheap).
     */
    public static Optional<Set<Change>> between(Connection c, long after, long through, int limit) throws SQLException {
        if (after < prunedThrough(c)) {
            return Optional.empty();
        }
        Set<Change> changes = new LinkedHashSet<>();
        try (PreparedStatement query = c.prepareStatement("SELECT kind, item FROM snapshot_changes"
                + " WHERE generation > ? AND generation <= ? ORDER BY generation LIMIT ?")) {
            query.setLong(1, after);
            query.setLong(2, through);
            query.setInt(3, limit + 1);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    changes.add(new Change(Kind.valueOf(rows.getString(1)), rows.getString(2)));
                }
            }
        }
        return changes.size() > limit ? Optional.empty() : Optional.of(changes);
    }

    /** Deletes the rows of generations up to {@code through}, on the caller's transaction. */
    public static void prune(Connection c, long through) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM snapshot_changes WHERE generation <= ?");
                PreparedStatement mark = c.prepareStatement(
                        "UPDATE store_generation SET pruned_through = ? WHERE id = 1 AND pruned_through < ?")) {
            delete.setLong(1, through);
            delete.executeUpdate();
            mark.setLong(1, through);
            mark.setLong(2, through);
            mark.executeUpdate();
        }
    }

    private static long prunedThrough(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT pruned_through FROM store_generation WHERE id = 1");
                ResultSet row = query.executeQuery()) {
            return row.next() ? row.getLong(1) : Long.MAX_VALUE;
        }
    }
}
