package io.charter.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for {@code token_keys}. Stateless and thread-safe. */
public final class TokenKeyRepository {

    public List<SealedTokenKey> list(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT key_id, sealed_key, created_at, retired_at FROM token_keys ORDER BY key_id");
                ResultSet rows = query.executeQuery()) {
            List<SealedTokenKey> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(new SealedTokenKey(rows.getInt(1), rows.getString(2), Instant.parse(rows.getString(3)),
                        Optional.ofNullable(rows.getString(4)).map(Instant::parse)));
            }
            return keys;
        }
    }

    /** Replaces the stored keyring with {@code keys} (call inside a transaction). */
    public void replaceAll(Connection c, List<SealedTokenKey> keys) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM token_keys")) {
            delete.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO token_keys (key_id, sealed_key, created_at, retired_at) VALUES (?, ?, ?, ?)")) {
            for (SealedTokenKey key : keys) {
                insert.setInt(1, key.keyId());
                insert.setString(2, key.sealedKey());
                insert.setString(3, key.createdAt().toString());
                insert.setString(4, key.retiredAt().map(Instant::toString).orElse(null));
                insert.executeUpdate();
            }
        }
    }
}
