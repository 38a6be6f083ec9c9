package io.charter.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for {@code roles}, the role-only attributes. Stateless and thread-safe. */
public final class RoleRepository {

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
    }

    public void delete(Connection c, String roleId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM roles WHERE role_id = ?")) {
            delete.setString(1, roleId);
            delete.executeUpdate();
        }
    }

    public List<RoleRow> list(Connection c) throws SQLException {
        List<RoleRow> rows = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT role_id, trust_policy, description, max_session_duration FROM roles");
                ResultSet r = query.executeQuery()) {
            while (r.next()) {
                rows.add(new RoleRow(r.getString(1), r.getString(2), Optional.ofNullable(r.getString(3)), r.getInt(4)));
            }
        }
        return rows;
    }
}
