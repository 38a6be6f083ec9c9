package io.charter.server.store;

import io.charter.server.identity.MfaDevice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** SQL for virtual MFA devices. Each method runs on the caller's connection. Stateless and thread-safe. */
public final class MfaDeviceRepository {
    private static final String COLUMNS = "serial_number, account_id, name, path, user_id, enabled_at, created_at,"
            + " seed_sealed, last_step, drift";

    public void insert(Connection c, MfaDeviceRow row) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.MFA_DEVICES);
        MfaDevice d = row.device();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO mfa_devices (serial_number, serial_key,"
                + " account_id, name, path, seed_sealed, user_id, enabled_at, last_step, drift, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)")) {
            insert.setString(1, d.serialNumber());
            insert.setString(2, d.serialNumber().toLowerCase(Locale.ROOT));
            insert.setString(3, d.accountId());
            insert.setString(4, d.name());
            insert.setString(5, d.path());
            insert.setString(6, row.sealedSeed());
            insert.setLong(7, row.lastStep());
            insert.setInt(8, row.drift());
            insert.setString(9, d.createdAt().toString());
            insert.executeUpdate();
        }
    }

    /** Whether a device of this serial number exists, compared case-insensitively. */
    public boolean exists(Connection c, String serialNumber) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM mfa_devices WHERE serial_key = ?")) {
            query.setString(1, serialNumber.toLowerCase(Locale.ROOT));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    public Optional<MfaDeviceRow> find(Connection c, String serialNumber) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM mfa_devices WHERE serial_number = ?")) {
            query.setString(1, serialNumber);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(row(rows)) : Optional.empty();
            }
        }
    }

    public List<MfaDeviceRow> list(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM mfa_devices");
                ResultSet rows = query.executeQuery()) {
            List<MfaDeviceRow> out = new ArrayList<>();
            while (rows.next()) {
                out.add(row(rows));
            }
            return out;
        }
    }

    /** How many devices are enabled for a user. */
    public int countEnabled(Connection c, String userId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT COUNT(*) FROM mfa_devices WHERE user_id = ?")) {
            query.setString(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Assigns a device to a user (userId present) or unassigns it (empty). */
    public void assign(Connection c, String serialNumber, Optional<String> userId, Optional<Instant> enabledAt)
            throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.MFA_DEVICES);
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE mfa_devices SET user_id = ?, enabled_at = ? WHERE serial_number = ?")) {
            if (userId.isPresent()) {
                update.setString(1, userId.get());
                update.setString(2, enabledAt.orElseThrow().toString());
            } else {
                update.setNull(1, Types.VARCHAR);
                update.setNull(2, Types.VARCHAR);
            }
            update.setString(3, serialNumber);
            update.executeUpdate();
        }
    }

    /** Records an accepted code: its time step and the device's clock drift. */
    public void recordUse(Connection c, String serialNumber, long lastStep, int drift) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE mfa_devices SET last_step = ?, drift = ? WHERE serial_number = ?")) {
            update.setLong(1, lastStep);
            update.setInt(2, drift);
            update.setString(3, serialNumber);
            update.executeUpdate();
        }
    }

    public void delete(Connection c, String serialNumber) throws SQLException {
        SnapshotChanges.record(c, SnapshotChanges.Kind.MFA_DEVICES);
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM mfa_devices WHERE serial_number = ?")) {
            delete.setString(1, serialNumber);
            delete.executeUpdate();
        }
    }

    private static MfaDeviceRow row(ResultSet rows) throws SQLException {
        Optional<String> user = Optional.ofNullable(rows.getString(5));
        Optional<Instant> enabled = Optional.ofNullable(rows.getString(6)).map(Instant::parse);
        MfaDevice device = new MfaDevice(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                user, enabled, Instant.parse(rows.getString(7)));
        return new MfaDeviceRow(device, rows.getString(8), rows.getLong(9), rows.getInt(10));
    }
}
