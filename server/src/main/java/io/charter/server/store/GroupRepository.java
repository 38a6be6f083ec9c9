package io.charter.server.store;

import io.charter.server.identity.Group;
import io.charter.server.identity.GroupIndex.Membership;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SQL for IAM groups and their members. A group's policies are stored by
 * {@link PermissionRepository} under the group's unique id. Each method runs on the caller's
 * connection. Stateless and thread-safe.
 */
public final class GroupRepository {

    public void insertGroup(Connection c, Group group) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.GROUPS);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO iam_groups (group_id, account_id, name, name_key, path, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, group.groupId());
            insert.setString(2, group.accountId());
            insert.setString(3, group.name());
            insert.setString(4, group.name().toLowerCase(Locale.ROOT));
            insert.setString(5, group.path());
            insert.setString(6, group.createdAt().toString());
            insert.executeUpdate();
        }
    }

    /** The group of this name in the account (names compare case-insensitively). */
    public Optional<Group> findGroup(Connection c, String accountId, String name) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT group_id, account_id, name, path, created_at"
                + " FROM iam_groups WHERE account_id = ? AND name_key = ?")) {
            query.setString(1, accountId);
            query.setString(2, name.toLowerCase(Locale.ROOT));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(group(rows)) : Optional.empty();
            }
        }
    }

    /** Whether the group with this unique id exists. */
    public boolean exists(Connection c, String groupId) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM iam_groups WHERE group_id = ?", groupId) > 0;
    }

    public int countGroups(Connection c, String accountId) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM iam_groups WHERE account_id = ?", accountId);
    }

    /** Renames and/or moves a group. */
    public void updateGroup(Connection c, String groupId, String name, String path) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.GROUPS);
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE iam_groups SET name = ?, name_key = ?, path = ? WHERE group_id = ?")) {
            update.setString(1, name);
            update.setString(2, name.toLowerCase(Locale.ROOT));
            update.setString(3, path);
            update.setString(4, groupId);
            update.executeUpdate();
        }
    }

    public void deleteGroup(Connection c, String groupId) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.GROUPS);
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM iam_groups WHERE group_id = ?")) {
            delete.setString(1, groupId);
            delete.executeUpdate();
        }
    }

    public List<Group> listGroups(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT group_id, account_id, name, path, created_at FROM iam_groups");
                ResultSet rows = query.executeQuery()) {
            List<Group> groups = new ArrayList<>();
            while (rows.next()) {
                groups.add(group(rows));
            }
            return groups;
        }
    }

    /** Adds a user to a group; returns false when it was a member already. */
    public boolean addMember(Connection c, String groupId, String userId, Instant at) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.GROUPS);
        if (isMember(c, groupId, userId)) {
            return false;
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO group_members (group_id, user_id, added_at) VALUES (?, ?, ?)")) {
            insert.setString(1, groupId);
            insert.setString(2, userId);
            insert.setString(3, at.toString());
            insert.executeUpdate();
        }
        return true;
    }

    public boolean isMember(Connection c, String groupId, String userId) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM group_members WHERE group_id = ? AND user_id = ?", groupId, userId) > 0;
    }

    /** How many groups a user belongs to. */
    public int countMemberships(Connection c, String userId) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM group_members WHERE user_id = ?", userId);
    }

    /** How many users a group has. */
    public int countMembers(Connection c, String groupId) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM group_members WHERE group_id = ?", groupId);
    }

    /** Returns whether the user was a member. */
    public boolean removeMember(Connection c, String groupId, String userId) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.GROUPS);
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM group_members WHERE group_id = ? AND user_id = ?")) {
            delete.setString(1, groupId);
            delete.setString(2, userId);
            return delete.executeUpdate() == 1;
        }
    }

    /** Every membership, in the order the users were added. */
    public List<Membership> listMemberships(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT group_id, user_id FROM group_members ORDER BY added_at, group_id, user_id");
                ResultSet rows = query.executeQuery()) {
            List<Membership> memberships = new ArrayList<>();
            while (rows.next()) {
                memberships.add(new Membership(rows.getString(1), rows.getString(2)));
            }
            return memberships;
        }
    }

    private static int count(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static Group group(ResultSet rows) throws SQLException {
        return new Group(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                Instant.parse(rows.getString(5)));
    }
}
