package io.charter.server.store;

import io.charter.server.identity.InstanceProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** SQL for instance profiles and their role. Stateless and thread-safe. */
public final class InstanceProfileRepository {

    public void insert(Connection c, InstanceProfile profile) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO instance_profiles (profile_id, account_id, name,"
                + " name_key, path, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, profile.profileId());
            insert.setString(2, profile.accountId());
            insert.setString(3, profile.name());
            insert.setString(4, profile.name().toLowerCase(Locale.ROOT));
            insert.setString(5, profile.path());
            insert.setString(6, profile.createdAt().toString());
            insert.executeUpdate();
        }
    }

    /** Whether the instance profile with this unique id exists. */
    public boolean exists(Connection c, String profileId) throws SQLException {
        return StoreRows.count(c, "SELECT COUNT(*) FROM instance_profiles WHERE profile_id = ?", profileId) > 0;
    }

    public Optional<InstanceProfile> find(Connection c, String accountId, String name) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT profile_id, account_id, name, path, created_at"
                + " FROM instance_profiles WHERE account_id = ? AND name_key = ?")) {
            query.setString(1, accountId);
            query.setString(2, name.toLowerCase(Locale.ROOT));
            try (ResultSet r = query.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    /** The account's profiles, by name. */
    public List<InstanceProfile> list(Connection c, String accountId) throws SQLException {
        List<InstanceProfile> rows = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT profile_id, account_id, name, path, created_at"
                + " FROM instance_profiles WHERE account_id = ? ORDER BY name_key")) {
            query.setString(1, accountId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    rows.add(row(r));
                }
            }
        }
        return rows;
    }

    /** How many instance profiles the account has. */
    public int count(Connection c, String accountId) throws SQLException {
        return StoreRows.count(c, "SELECT COUNT(*) FROM instance_profiles WHERE account_id = ?", accountId);
    }

    public void delete(Connection c, String profileId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM instance_profiles WHERE profile_id = ?")) {
            delete.setString(1, profileId);
            delete.executeUpdate();
        }
    }

    public List<String> roles(Connection c, String profileId) throws SQLException {
        List<String> roles = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT role_id FROM instance_profile_roles WHERE profile_id = ?")) {
            query.setString(1, profileId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    roles.add(r.getString(1));
                }
            }
        }
        return roles;
    }

    /** The role ids of each of the account's profiles that holds a role, by profile id. */
    public Map<String, List<String>> rolesInAccount(Connection c, String accountId) throws SQLException {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        try (PreparedStatement query = c.prepareStatement("SELECT r.profile_id, r.role_id FROM instance_profile_roles r"
                + " JOIN instance_profiles p ON p.profile_id = r.profile_id WHERE p.account_id = ?")) {
            query.setString(1, accountId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    roles.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
        }
        return roles;
    }

    /** The profiles a role is in. */
    public List<String> profilesOf(Connection c, String roleId) throws SQLException {
        List<String> profiles = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT profile_id FROM instance_profile_roles WHERE role_id = ?")) {
            query.setString(1, roleId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    profiles.add(r.getString(1));
                }
            }
        }
        return profiles;
    }

    public void addRole(Connection c, String profileId, String roleId) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO instance_profile_roles (profile_id, role_id) VALUES (?, ?)")) {
            insert.setString(1, profileId);
            insert.setString(2, roleId);
            insert.executeUpdate();
        }
    }

    public boolean removeRole(Connection c, String profileId, String roleId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM instance_profile_roles WHERE profile_id = ? AND role_id = ?")) {
            delete.setString(1, profileId);
            delete.setString(2, roleId);
            return delete.executeUpdate() == 1;
        }
    }

    private static InstanceProfile row(ResultSet r) throws SQLException {
        return new InstanceProfile(r.getString(1), r.getString(2), r.getString(3), r.getString(4), Instant.parse(r.getString(5)));
    }
}
