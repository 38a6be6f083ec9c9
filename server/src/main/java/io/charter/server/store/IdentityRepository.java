package io.charter.server.store;

import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import io.charter.server.identity.Account;

/**
 * SQL for accounts, principals and access keys. Every method takes the connection of the
 * surrounding {@link Database#withHandle} or {@link Database#inTransaction} call; row mapping is
 * explicit. Stateless and thread-safe.
 */
public final class IdentityRepository {
    private static final String ACCESS_KEYS =
            "SELECT access_key_id, account_id, principal_id, secret_sealed, status, created_at FROM access_keys";

    public void insertAccount(Connection c, Account account) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO accounts (account_id, name, email, is_management, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, account.accountId());
            insert.setString(2, account.name());
            insert.setString(3, account.email().orElse(null));
            insert.setInt(4, account.management() ? 1 : 0);
            insert.setString(5, account.createdAt().toString());
            insert.executeUpdate();
        }
    }

    public Optional<Account> findAccount(Connection c, String accountId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT account_id, name, email, is_management, created_at FROM accounts WHERE account_id = ?")) {
            query.setString(1, accountId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(account(rows)) : Optional.empty();
            }
        }
    }

    public List<Account> listAccounts(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT account_id, name, email, is_management, created_at FROM accounts ORDER BY account_id");
                ResultSet rows = query.executeQuery()) {
            List<Account> accounts = new ArrayList<>();
            while (rows.next()) {
                accounts.add(account(rows));
            }
            return accounts;
        }
    }

    public void insertPrincipal(Connection c, Identity principal) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO principals (unique_id, account_id, kind, name, name_key, path, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, principal.uniqueId());
            insert.setString(2, principal.accountId());
            insert.setString(3, principal.kind().name());
            insert.setString(4, principal.name());
            insert.setString(5, principal.name().toLowerCase(Locale.ROOT));
            insert.setString(6, principal.path());
            insert.setString(7, principal.createdAt().toString());
            insert.executeUpdate();
        }
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, principal.uniqueId());
    }

    public Optional<Identity> findPrincipal(Connection c, String accountId, IdentityKind kind, String name)
            throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT unique_id, account_id, kind, name, path, created_at FROM principals"
                        + " WHERE account_id = ? AND kind = ? AND name_key = ?")) {
            query.setString(1, accountId);
            query.setString(2, kind.name());
            query.setString(3, name.toLowerCase(Locale.ROOT));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(principal(rows)) : Optional.empty();
            }
        }
    }

    public List<Identity> listPrincipals(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT unique_id, account_id, kind, name, path, created_at FROM principals");
                ResultSet rows = query.executeQuery()) {
            List<Identity> principals = new ArrayList<>();
            while (rows.next()) {
                principals.add(principal(rows));
            }
            return principals;
        }
    }

    public void insertAccessKey(Connection c, SealedAccessKey key) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO access_keys (access_key_id, account_id, principal_id, secret_sealed, status, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key.accessKeyId());
            insert.setString(2, key.accountId());
            insert.setString(3, key.principalId());
            insert.setString(4, key.sealedSecret());
            insert.setString(5, key.status());
            insert.setString(6, key.createdAt().toString());
            insert.executeUpdate();
        }
        SnapshotChanges.record(c, SnapshotChanges.Kind.ACCESS_KEY, key.accessKeyId());
    }

    /** Returns whether a key was updated. */
    public boolean updateAccessKeyStatus(Connection c, String accessKeyId, String status) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE access_keys SET status = ? WHERE access_key_id = ?")) {
            update.setString(1, status);
            update.setString(2, accessKeyId);
            SnapshotChanges.record(c, SnapshotChanges.Kind.ACCESS_KEY, accessKeyId);
            return update.executeUpdate() == 1;
        }
    }

    public boolean deleteAccessKey(Connection c, String accessKeyId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM access_keys WHERE access_key_id = ?")) {
            delete.setString(1, accessKeyId);
            SnapshotChanges.record(c, SnapshotChanges.Kind.ACCESS_KEY, accessKeyId);
            return delete.executeUpdate() == 1;
        }
    }

    public void deletePrincipal(Connection c, String uniqueId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM principals WHERE unique_id = ?")) {
            delete.setString(1, uniqueId);
            delete.executeUpdate();
        }
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, uniqueId);
    }

    /** Renames and/or moves a principal. */
    public void updatePrincipal(Connection c, String uniqueId, String name, String path) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE principals SET name = ?, name_key = ?, path = ? WHERE unique_id = ?")) {
            update.setString(1, name);
            update.setString(2, name.toLowerCase(Locale.ROOT));
            update.setString(3, path);
            update.setString(4, uniqueId);
            update.executeUpdate();
        }
        SnapshotChanges.record(c, SnapshotChanges.Kind.ENTITY, uniqueId);
    }

    /** The principal with this unique id. */
    public Optional<Identity> findPrincipal(Connection c, String uniqueId) throws SQLException {
        return StoreRows.first(c, "SELECT unique_id, account_id, kind, name, path, created_at FROM principals"
                + " WHERE unique_id = ?", IdentityRepository::principal, uniqueId);
    }

    /** How many access keys the principal has. */
    public int countAccessKeys(Connection c, String principalId) throws SQLException {
        return StoreRows.count(c, "SELECT COUNT(*) FROM access_keys WHERE principal_id = ?", principalId);
    }

    public List<SealedAccessKey> listAccessKeys(Connection c) throws SQLException {
        return StoreRows.list(c, ACCESS_KEYS, IdentityRepository::accessKey);
    }

    /** The access key with this id. */
    public Optional<SealedAccessKey> findAccessKey(Connection c, String accessKeyId) throws SQLException {
        return StoreRows.first(c, ACCESS_KEYS + " WHERE access_key_id = ?", IdentityRepository::accessKey, accessKeyId);
    }

    private static SealedAccessKey accessKey(ResultSet rows) throws SQLException {
        return new SealedAccessKey(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), Instant.parse(rows.getString(6)));
    }

    private static Account account(ResultSet rows) throws SQLException {
        return new Account(rows.getString(1), rows.getString(2), Optional.ofNullable(rows.getString(3)),
                rows.getInt(4) == 1, Instant.parse(rows.getString(5)));
    }

    private static Identity principal(ResultSet rows) throws SQLException {
        return new Identity(rows.getString(1), rows.getString(2), IdentityKind.valueOf(rows.getString(3)),
                rows.getString(4), rows.getString(5), Instant.parse(rows.getString(6)));
    }
}
