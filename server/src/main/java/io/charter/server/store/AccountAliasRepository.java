package io.charter.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for account aliases. Stateless and thread-safe. */
public final class AccountAliasRepository {

    public void insert(Connection c, String accountId, String alias, Instant at) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO account_aliases (alias, account_id, created_at) VALUES (?, ?, ?)")) {
            insert.setString(1, alias);
            insert.setString(2, accountId);
            insert.setString(3, at.toString());
            insert.executeUpdate();
        }
    }

    /** The account that holds {@code alias}, in any account of the server. */
    public Optional<String> owner(Connection c, String alias) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT account_id FROM account_aliases WHERE alias = ?")) {
            query.setString(1, alias);
            try (ResultSet r = query.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    public List<String> list(Connection c, String accountId) throws SQLException {
        List<String> aliases = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT alias FROM account_aliases WHERE account_id = ? ORDER BY alias")) {
            query.setString(1, accountId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    aliases.add(r.getString(1));
                }
            }
        }
        return aliases;
    }

    public boolean delete(Connection c, String accountId, String alias) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM account_aliases WHERE account_id = ? AND alias = ?")) {
            delete.setString(1, accountId);
            delete.setString(2, alias);
            return delete.executeUpdate() == 1;
        }
    }
}
