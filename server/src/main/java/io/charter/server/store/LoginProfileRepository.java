package io.charter.server.store;

import io.charter.server.identity.LoginProfile;
import io.charter.server.identity.PasswordPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for login profiles, password history and account password policies. Stateless and thread-safe. */
public final class LoginProfileRepository {
    /** The most previous passwords any policy can forbid (PasswordReusePrevention's maximum). */
    public static final int HISTORY_KEPT = 24;

    public Optional<LoginProfile> find(Connection c, String userId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT password_hash, password_reset_required, created_at FROM login_profiles WHERE user_id = ?")) {
            query.setString(1, userId);
            try (ResultSet r = query.executeQuery()) {
                return r.next()
                        ? Optional.of(new LoginProfile(userId, r.getString(1), r.getInt(2) != 0, Instant.parse(r.getString(3))))
                        : Optional.empty();
            }
        }
    }

    public void insert(Connection c, LoginProfile profile) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO login_profiles"
                + " (user_id, password_hash, password_reset_required, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, profile.userId());
            insert.setString(2, profile.passwordHash());
            insert.setInt(3, profile.passwordResetRequired() ? 1 : 0);
            insert.setString(4, profile.createdAt().toString());
            insert.executeUpdate();
        }
    }

    public void update(Connection c, String userId, String passwordHash, boolean resetRequired) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE login_profiles SET password_hash = ?, password_reset_required = ? WHERE user_id = ?")) {
            update.setString(1, passwordHash);
            update.setInt(2, resetRequired ? 1 : 0);
            update.setString(3, userId);
            update.executeUpdate();
        }
    }

    public boolean delete(Connection c, String userId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM login_profiles WHERE user_id = ?")) {
            delete.setString(1, userId);
            return delete.executeUpdate() == 1;
        }
    }

    /** The user's most recent password hashes, newest first, at most {@link #HISTORY_KEPT}. */
    public List<String> history(Connection c, String userId) throws SQLException {
        List<String> hashes = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY position DESC")) {
            query.setString(1, userId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next() && hashes.size() < HISTORY_KEPT) {
                    hashes.add(r.getString(1));
                }
            }
        }
        return hashes;
    }

    /** Records a password the user now has, forgetting all but the newest {@link #HISTORY_KEPT}. */
    public void remember(Connection c, String userId, String passwordHash) throws SQLException {
        long next;
        try (PreparedStatement query = c.prepareStatement(
                "SELECT COALESCE(MAX(position), 0) FROM password_history WHERE user_id = ?")) {
            query.setString(1, userId);
            try (ResultSet r = query.executeQuery()) {
                r.next();
                next = r.getLong(1) + 1;
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO password_history (user_id, position, password_hash) VALUES (?, ?, ?)")) {
            insert.setString(1, userId);
            insert.setLong(2, next);
            insert.setString(3, passwordHash);
            insert.executeUpdate();
        }
        try (PreparedStatement trim = c.prepareStatement(
                "DELETE FROM password_history WHERE user_id = ? AND position <= ?")) {
            trim.setString(1, userId);
            trim.setLong(2, next - HISTORY_KEPT);
            trim.executeUpdate();
        }
    }

    /** Forgets a user's login profile and password history (the user is being deleted). */
    public void deleteUser(Connection c, String userId) throws SQLException {
        delete(c, userId);
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM password_history WHERE user_id = ?")) {
            delete.setString(1, userId);
            delete.executeUpdate();
        }
    }

    public Optional<PasswordPolicy> policy(Connection c, String accountId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT minimum_password_length, require_symbols,"
                + " require_numbers, require_uppercase_characters, require_lowercase_characters,"
                + " allow_users_to_change_password, max_password_age, password_reuse_prevention, hard_expiry"
                + " FROM password_policies WHERE account_id = ?")) {
            query.setString(1, accountId);
            try (ResultSet r = query.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PasswordPolicy(r.getInt(1), r.getInt(2) != 0, r.getInt(3) != 0, r.getInt(4) != 0,
                        r.getInt(5) != 0, r.getInt(6) != 0, r.getInt(7), r.getInt(8), r.getInt(9) != 0));
            }
        }
    }

    public void putPolicy(Connection c, String accountId, PasswordPolicy p) throws SQLException {
        deletePolicy(c, accountId);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO password_policies (account_id,"
                + " minimum_password_length, require_symbols, require_numbers, require_uppercase_characters,"
                + " require_lowercase_characters, allow_users_to_change_password, max_password_age,"
                + " password_reuse_prevention, hard_expiry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, accountId);
            insert.setInt(2, p.minimumPasswordLength());
            insert.setInt(3, p.requireSymbols() ? 1 : 0);
            insert.setInt(4, p.requireNumbers() ? 1 : 0);
            insert.setInt(5, p.requireUppercaseCharacters() ? 1 : 0);
            insert.setInt(6, p.requireLowercaseCharacters() ? 1 : 0);
            insert.setInt(7, p.allowUsersToChangePassword() ? 1 : 0);
            insert.setInt(8, p.maxPasswordAge());
            insert.setInt(9, p.passwordReusePrevention());
            insert.setInt(10, p.hardExpiry() ? 1 : 0);
            insert.executeUpdate();
        }
    }

    public boolean deletePolicy(Connection c, String accountId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM password_policies WHERE account_id = ?")) {
            delete.setString(1, accountId);
            return delete.executeUpdate() == 1;
        }
    }
}
