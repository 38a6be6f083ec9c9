package io.charter.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for {@code roles}, the role-only attributes. Stateless and thread-safe. */
public final class RoleRepository {
    private static final String ROLES = "SELECT role_id, trust_policy, description, max_session_duration FROM roles";

    /** A row of {@code roles}. */
    public record RoleRow(String roleId, String trustPolicy, Optional<String> description, int maxSessionDuration) {
    }

    public void insert(Connection c, RoleRow row) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO roles (role_id, trust_policy, description, max_session_duration) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, row.roleId());
            insert.setString(2, row.trustPolicy());
            insert.setString(3, row.description().orElse(null));
            insert.setInt(4, row.maxSessionDuration());
            insert.executeUpdate();
        }
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, row.roleId());
    }

    public void update(Connection c, RoleRow row) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE roles SET trust_policy = ?, description = ?, max_session_duration = ? WHERE role_id = ?")) {
            update.setString(1, row.trustPolicy());
            update.setString(2, row.description().orElse(null));
            update.setInt(3, row.maxSessionDuration());
            update.setString(4, row.roleId());
            update.executeUpdate();
        }
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, row.roleId());
    }

    public void delete(Connection c, String roleId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM roles WHERE role_id = ?")) {
            delete.setString(1, roleId);
            delete.executeUpdate();
        }
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, roleId);
    }

    public List<RoleRow> list(Connection c) throws SQLException {
        return StoreRows.list(c, ROLES, RoleRepository::row);
    }

    public Optional<RoleRow> find(Connection c, String roleId) throws SQLException {
        return StoreRows.first(c, ROLES + " WHERE role_id = ?", RoleRepository::row, roleId);
    }

    private static RoleRow row(ResultSet r) throws SQLException {
        return new RoleRow(r.getString(1), r.getString(2), Optional.ofNullable(r.getString(3)), r.getInt(4));
    }
}
