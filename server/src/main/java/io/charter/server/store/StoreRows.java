package io.charter.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs a query with string parameters and maps its rows: the repositories' one reading loop. */
final class StoreRows {
    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private StoreRows() {
    }

    static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, String... parameters) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    rows.add(mapper.map(r));
                }
            }
        }
        return rows;
    }

    /** The single number a {@code SELECT COUNT(*)} query answers. */
    static int count(Connection c, String sql, String... parameters) throws SQLException {
        return first(c, sql, r -> r.getInt(1), parameters).orElse(0);
    }

    static <T> Optional<T> first(Connection c, String sql, RowMapper<T> mapper, String... parameters) throws SQLException {
        return list(c, sql, mapper, parameters).stream().findFirst();
    }
}
