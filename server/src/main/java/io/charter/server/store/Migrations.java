package io.charter.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * Versioned schema migrations, applied in order, each in its own transaction, recorded in
 * {@code schema_migrations}. The files live beside this class in {@code migrations/} and use SQL
 * that SQLite and PostgreSQL both accept.
 */
public final class Migrations {
    /**
     * The migrations in the order they apply. Each is recorded under the version its file name
     * gives, so a migration inserted between two others still applies once. Never edit a released one.
     */
    static final List<String> FILES = List.of("V001__identity.sql", "V002__token_keys.sql", "V003__iam_policies.sql",
            "V004__groups.sql", "V005__roles.sql", "V006__mfa.sql", "V007__organizations.sql",
            "V008__instance_profiles.sql", "V009__account_aliases.sql", "V010__login_profiles.sql",
            "V011__last_used.sql", "V012__followers_and_revocations.sql", "V013__snapshot_changes.sql");

    private Migrations() {
    }

    /** Applies what is missing; returns how many migrations ran. */
    public static int apply(Database database, Clock clock) {
        database.withHandle(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            return null;
        });
        int applied = 0;
        for (String name : FILES) {
            int version = version(name);
            boolean done = database.withHandle(connection -> isApplied(connection, version));
            if (done) {
                continue;
            }
            String sql = read(name);
            database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String part : sql.split(";\\s*\\n")) {
                        String trimmed = stripComments(part).trim();
                        if (!trimmed.isEmpty()) {
                            statement.execute(trimmed);
                        }
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")) {
                    insert.setInt(1, version);
                    insert.setString(2, name);
                    insert.setString(3, clock.instant().toString());
                    insert.executeUpdate();
                }
                return null;
            });
            applied++;
        }
        return applied;
    }

    /** The version a migration file names: {@code V005__roles.sql} is version 5. */
    static int version(String name) {
        int end = name.indexOf("__");
        if (!name.startsWith("V") || end < 2) {
            throw new IllegalStateException("a migration is named V<number>__<description>.sql, not " + name);
        }
        return Integer.parseInt(name.substring(1, end));
    }

    private static boolean isApplied(Connection connection, int version) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM schema_migrations WHERE version = ?")) {
            query.setInt(1, version);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String stripComments(String sql) {
        StringBuilder out = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.trim().startsWith("--")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String read(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + name)) {
            if (in == null) {
                throw new IllegalStateException("migration " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
