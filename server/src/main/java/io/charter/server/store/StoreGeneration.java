package io.charter.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * SQL for {@code store_generation}: the counter that every change to the authorization state
 * increments inside its own transaction, so that a node sharing the store sees that another node
 * wrote and reloads. Stateless and thread-safe.
 */
public final class StoreGeneration {
    private StoreGeneration() {
    }

    /** Increments the generation on the caller's transaction; returns the new value. */
    public static long advance(Connection c) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE store_generation SET generation = generation + 1 WHERE id = 1")) {
            update.executeUpdate();
        }
        return read(c);
    }

    public static long read(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT generation FROM store_generation WHERE id = 1");
                ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("store_generation has no row");
            }
            return row.getLong(1);
        }
    }
}
