package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CloudTrail's trails, their signing keys and the deliverer's lease (audit-migrations/V2), and the
 * records a trail delivers next (oldest first after where it stopped). Stateless; the SQL serves
 * SQLite and PostgreSQL alike. A trail's configuration and delivery state are JSON the audit package
 * writes and reads.
 */
public final class TrailRepository {

    /** A trail as stored. */
    public record TrailRow(String accountId, String name, String config, String state) {
        public TrailRow {
            requireNonNull(accountId, "accountId is null");
            requireNonNull(name, "name is null");
            requireNonNull(config, "config is null");
            requireNonNull(state, "state is null");
        }
    }

    /** A signing key pair as stored (the private key sealed). */
    public record KeyRow(String fingerprint, long created, String publicKey, String sealedPrivateKey) {
        public KeyRow {
            requireNonNull(fingerprint, "fingerprint is null");
            requireNonNull(publicKey, "publicKey is null");
            requireNonNull(sealedPrivateKey, "sealedPrivateKey is null");
        }
    }

    /** A record to deliver: its position, region-free columns and CloudTrail's JSON. */
    public record RecordRow(String eventId, long eventTime, boolean readOnly, String record) {
        public RecordRow {
            requireNonNull(eventId, "eventId is null");
            requireNonNull(record, "record is null");
        }
    }

    /** Inserts {@code row}; returns false when the account already has a trail of that name. */
    public boolean insert(Connection connection, TrailRow row) throws SQLException {
        if (find(connection, row.accountId(), row.name()).isPresent()) {
            return false;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO audit_trails (account_id, name, config, state) VALUES (?, ?, ?, ?)")) {
            statement.setString(1, row.accountId());
            statement.setString(2, row.name());
            statement.setString(3, row.config());
            statement.setString(4, row.state());
            statement.executeUpdate();
            return true;
        }
    }

    public Optional<TrailRow> find(Connection connection, String accountId, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT account_id, name, config, state FROM audit_trails WHERE account_id = ? AND name = ?")) {
            statement.setString(1, accountId);
            statement.setString(2, name);
            List<TrailRow> rows = trails(statement);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    /** The account's trails by name. */
    public List<TrailRow> list(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT account_id, name, config, state"
                + " FROM audit_trails WHERE account_id = ? ORDER BY name")) {
            statement.setString(1, accountId);
            return trails(statement);
        }
    }

    /** Every account's trails. */
    public List<TrailRow> all(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT account_id, name, config, state FROM audit_trails ORDER BY account_id, name")) {
            return trails(statement);
        }
    }

    private static List<TrailRow> trails(PreparedStatement statement) throws SQLException {
        List<TrailRow> out = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                out.add(new TrailRow(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
            }
        }
        return out;
    }

    /** Replaces the trail's configuration; returns false when there is no such trail. */
    public boolean updateConfig(Connection connection, String accountId, String name, String config)
            throws SQLException {
        return update(connection, "config", accountId, name, config);
    }

    /** Replaces the trail's delivery state; returns false when there is no such trail. */
    public boolean updateState(Connection connection, String accountId, String name, String state)
            throws SQLException {
        return update(connection, "state", accountId, name, state);
    }

    private static boolean update(Connection connection, String column, String accountId, String name, String value)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE audit_trails SET " + column + " = ? WHERE account_id = ? AND name = ?")) {
            statement.setString(1, value);
            statement.setString(2, accountId);
            statement.setString(3, name);
            return statement.executeUpdate() == 1;
        }
    }

    public boolean delete(Connection connection, String accountId, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM audit_trails WHERE account_id = ? AND name = ?")) {
            statement.setString(1, accountId);
            statement.setString(2, name);
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * The account's records after {@code (afterTime, afterEventId)} up to {@code endTime} (included),
     * oldest first, at most {@code limit}.
     */
    public List<RecordRow> recordsAfter(Connection connection, String accountId, long afterTime, String afterEventId,
            long endTime, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT event_id, event_time, read_only, record"
                + " FROM audit_events WHERE account_id = ? AND (event_time > ? OR (event_time = ? AND event_id > ?))"
                + " AND event_time <= ? ORDER BY event_time, event_id LIMIT ?")) {
            statement.setString(1, accountId);
            statement.setLong(2, afterTime);
            statement.setLong(3, afterTime);
            statement.setString(4, afterEventId);
            statement.setLong(5, endTime);
            statement.setInt(6, limit);
            List<RecordRow> out = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.add(new RecordRow(rows.getString(1), rows.getLong(2), rows.getInt(3) != 0, rows.getString(4)));
                }
            }
            return out;
        }
    }

    public void insertKey(Connection connection, KeyRow key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO audit_trail_keys (fingerprint,"
                + " created, public_key, sealed_private_key) VALUES (?, ?, ?, ?)")) {
            statement.setString(1, key.fingerprint());
            statement.setLong(2, key.created());
            statement.setString(3, key.publicKey());
            statement.setString(4, key.sealedPrivateKey());
            statement.executeUpdate();
        }
    }

    /** The signing keys, oldest first. */
    public List<KeyRow> keys(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT fingerprint, created, public_key,"
                + " sealed_private_key FROM audit_trail_keys ORDER BY created, fingerprint");
                ResultSet rows = statement.executeQuery()) {
            List<KeyRow> out = new ArrayList<>();
            while (rows.next()) {
                out.add(new KeyRow(rows.getString(1), rows.getLong(2), rows.getString(3), rows.getString(4)));
            }
            return out;
        }
    }

    /**
     * Takes or renews the lease {@code name} for {@code owner} until {@code expires} when it is free,
     * expired at {@code now}, or held by {@code owner} already; returns whether {@code owner} holds it.
     */
    public boolean lease(Connection connection, String name, String owner, long now, long expires)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE audit_trail_lease SET owner = ?,"
                + " expires = ? WHERE name = ? AND (owner = ? OR expires < ?)")) {
            update.setString(1, owner);
            update.setLong(2, expires);
            update.setString(3, name);
            update.setString(4, owner);
            update.setLong(5, now);
            if (update.executeUpdate() == 1) {
                return true;
            }
        }
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM audit_trail_lease WHERE name = ?")) {
            exists.setString(1, name);
            try (ResultSet row = exists.executeQuery()) {
                if (row.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_trail_lease (name, owner, expires) VALUES (?, ?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, owner);
            insert.setLong(3, expires);
            insert.executeUpdate();
            return true;
        }
    }
}
