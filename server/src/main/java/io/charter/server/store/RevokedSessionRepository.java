package io.charter.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.charter.server.identity.RevokedSession;

/** SQL for {@code revoked_sessions}. Stateless and thread-safe. */
public final class RevokedSessionRepository {

    /** Records a revocation; revoking a session again keeps the first revocation time. */
    public void insert(Connection c, RevokedSession row) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.REVOKED_SESSIONS);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO revoked_sessions (access_key_id, account_id, revoked_at, keep_until) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (access_key_id) DO NOTHING")) {
            insert.setString(1, row.accessKeyId());
            insert.setString(2, row.accountId());
            insert.setString(3, row.revokedAt().toString());
            insert.setString(4, row.keepUntil().toString());
            insert.executeUpdate();
        }
    }

    /** Forgets revocations of sessions that can no longer be valid at {@code now}. */
    public void prune(Connection c, Instant now) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.REVOKED_SESSIONS);
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM revoked_sessions WHERE keep_until < ?")) {
            delete.setString(1, now.toString());
            delete.executeUpdate();
        }
    }

    public List<RevokedSession> list(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT access_key_id, account_id, revoked_at, keep_until FROM revoked_sessions ORDER BY revoked_at");
                ResultSet rows = query.executeQuery()) {
            List<RevokedSession> out = new ArrayList<>();
            while (rows.next()) {
                out.add(row(rows));
            }
            return out;
        }
    }

    public Optional<RevokedSession> find(Connection c, String accessKeyId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT access_key_id, account_id, revoked_at, keep_until FROM revoked_sessions WHERE access_key_id = ?")) {
            query.setString(1, accessKeyId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(row(rows)) : Optional.empty();
            }
        }
    }

    private static RevokedSession row(ResultSet rows) throws SQLException {
        return new RevokedSession(rows.getString(1), rows.getString(2), Instant.parse(rows.getString(3)),
                Instant.parse(rows.getString(4)));
    }
}
