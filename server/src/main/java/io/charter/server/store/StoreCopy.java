package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Copies the embedded store of one node (its data directory's SQLite file) into an empty PostgreSQL
 * store, for several nodes to share ({@code charter store migrate}). Every row of every table is
 * copied as it is: secrets stay sealed under the master key they were sealed with (the copy never
 * opens them), so the nodes of the new store need a copy of the same {@code master.key}.
 *
 * <p>The copy:
 * <ol>
 *   <li>holds the SQLite file alone while it works ({@link SqliteDatabase#openAlone}), and refuses
 *       a file that a server (or anything else) has open;
 *   <li>brings both stores to this version's schema ({@link Migrations}), as a start would;
 *   <li>takes its tables from the migrated PostgreSQL schema itself, but Flyway's history, the
 *       pre-Flyway {@code schema_migrations} and the {@code store_generation} counter, in the order
 *       of their foreign keys ({@link StoreTable});
 *   <li>writes them in one PostgreSQL transaction, which begins by taking the row lock of
 *       {@code store_generation} as every write does, and refuses a store where any of those tables
 *       already holds a row: all or nothing;
 *   <li>sets the target's generation past both stores' own and marks the journal pruned through it,
 *       so that a node already following the target reloads it whole.
 * </ol>
 */
public final class StoreCopy {
    /**
     * Not copied: Flyway's own records, the records of the runner before Flyway, the counter (set
     * instead), and the audit trail's (kept in audit.db beside a SQLite store, not in its file).
     */
    private static final Set<String> NOT_COPIED = Set.of("flyway_schema_history", "schema_migrations", "store_generation",
            "audit_schema_history", "audit_events", "audit_resources");
    private static final int BATCH = 500;

    /** How many rows of one table were copied. */
    public record TableRows(String table, long rows) {
        public TableRows {
            requireNonNull(table, "table is null");
        }
    }

    /**
     * What a copy did.
     *
     * @param tables the rows of each table copied, in the order they were written
     * @param generation the target's store generation afterwards
     */
    public record Copied(List<TableRows> tables, long generation) {
        public Copied {
            tables = List.copyOf(tables);
        }

        /** The rows of every table together. */
        public long rows() {
            return tables.stream().mapToLong(TableRows::rows).sum();
        }
    }

    private StoreCopy() {
    }

    /**
     * Copies {@code from} into {@code to}. Throws a {@link StoreException} saying why when the SQLite
     * file is absent or in use, when {@code to} cannot be reached or migrated, or holds rows already
     * (nothing is written then), or when a value does not fit its column.
     */
    public static Copied copy(StoreLocation.Embedded from, StoreLocation.Postgres to) {
        if (!Files.isRegularFile(from.file())) {
            throw new StoreException("there is no store at " + from.file(), null);
        }
        // Refuses before anything changes when a server has the file open.
        try (Connection probe = SqliteDatabase.openAlone(from.file())) {
            probe.getAutoCommit();
        } catch (SQLException e) {
            throw new StoreException("cannot read the SQLite store " + from.file() + ": " + e.getMessage(), e);
        }
        try (Database source = from.open()) {
            Migrations.apply(source);
        }
        try (Database target = to.open()) {
            Migrations.apply(target);
            try (Connection source = SqliteDatabase.openAlone(from.file())) {
                return target.inTransaction(c -> copy(source, c, to));
            } catch (SQLException e) {
                throw new StoreException("cannot read the SQLite store " + from.file() + ": " + e.getMessage(), e);
            }
        }
    }

    private static Copied copy(Connection source, Connection target, StoreLocation.Postgres to) throws SQLException {
        long targetGeneration = StoreGeneration.advance(target); // the lock every writer takes first
        List<StoreTable> tables = StoreTable.inDependencyOrder(target, NOT_COPIED);
        for (StoreTable table : tables) {
            if (holdsRows(target, table)) {
                throw new StoreException("the store " + to.describe() + " is not empty (its table " + table.name()
                        + " holds rows): a store is copied only into an empty database or schema; nothing was"
                        + " written", null);
            }
        }
        List<TableRows> copied = new ArrayList<>();
        for (StoreTable table : tables) {
            copied.add(new TableRows(table.name(), copyRows(source, target, table)));
        }
        long generation = Math.max(StoreGeneration.read(source), targetGeneration) + 1;
        try (PreparedStatement update = target.prepareStatement(
                "UPDATE store_generation SET generation = ?, pruned_through = ? WHERE id = 1")) {
            update.setLong(1, generation);
            update.setLong(2, generation);
            update.executeUpdate();
        }
        return new Copied(copied, generation);
    }

    private static boolean holdsRows(Connection c, StoreTable table) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM " + table.quotedName() + " LIMIT 1");
                ResultSet row = query.executeQuery()) {
            return row.next();
        }
    }

    /** Copies every row of {@code table}, in batches; returns how many. */
    private static long copyRows(Connection source, Connection target, StoreTable table) throws SQLException {
        List<StoreTable.Column> columns = table.columns();
        String parameters = String.join(", ", Collections.nCopies(columns.size(), "?"));
        long rows = 0;
        try (PreparedStatement read = source.prepareStatement(
                        "SELECT " + table.quotedColumns() + " FROM " + table.quotedName());
                ResultSet from = read.executeQuery();
                PreparedStatement insert = target.prepareStatement("INSERT INTO " + table.quotedName()
                        + " (" + table.quotedColumns() + ") VALUES (" + parameters + ")")) {
            while (from.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    StoreTable.Column column = columns.get(i);
                    column.type().copy(insert, i + 1, from.getObject(i + 1), table.name() + "." + column.name());
                }
                insert.addBatch();
                if (++rows % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        } catch (SQLException e) {
            // A batch's own message quotes the statement with its values (sealed secrets, password
            // hashes): the server's error, which the batch holds next, says what went wrong without them.
            SQLException cause = e instanceof BatchUpdateException && e.getNextException() != null
                    ? e.getNextException() : e;
            throw new SQLException("copying the table " + table.name() + ": " + cause.getMessage(),
                    cause.getSQLState(), cause.getErrorCode(), e);
        }
        return rows;
    }
}
