package io.charter.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of {@link StoreCopy} that {@code StoreMigrateCommandTest} does not reach through the
 * command: the order tables are filled in, a value SQLite kept that PostgreSQL's column refuses,
 * and the SQLite file held alone.
 */
class StoreCopyTest {
    @TempDir
    Path dir;

    @Test
    void tablesComeAfterTheTablesTheirForeignKeysName() {
        StoreLocation.Postgres postgres = TestStores.freshSchema();
        try (Database store = postgres.open()) {
            Migrations.apply(store);
            List<String> order = store.withHandle(c -> StoreTable.inDependencyOrder(c,
                    Set.of("store_generation", "flyway_schema_history"))).stream().map(StoreTable::name).toList();
            assertFalse(order.contains("store_generation") || order.contains("flyway_schema_history"), order.toString());
            for (List<String> pair : List.of(List.of("accounts", "principals"), List.of("principals", "access_keys"),
                    List.of("principals", "roles"), List.of("iam_groups", "group_members"),
                    List.of("principals", "group_members"), List.of("instance_profiles", "instance_profile_roles"),
                    List.of("policies", "policy_versions"), List.of("accounts", "organization"))) {
                assertTrue(order.indexOf(pair.get(0)) < order.indexOf(pair.get(1)), pair + " in " + order);
            }
            // Flyway's history has a column of a type no migration uses: a table like it is refused, not guessed at.
            StoreException unknown = assertThrows(StoreException.class,
                    () -> store.withHandle(c -> StoreTable.inDependencyOrder(c, Set.of())));
            assertEquals("the column flyway_schema_history.installed_on is of a type the copy does not know (timestamp)",
                    unknown.getMessage());
            List<StoreTable> tables = store.withHandle(c -> StoreTable.inDependencyOrder(c, Set.of("flyway_schema_history")));
            assertTrue(tables.stream().anyMatch(t -> t.name().equals("store_generation")), "excluded only when asked");
            StoreTable mfa = tables.stream().filter(t -> t.name().equals("mfa_devices")).findFirst().orElseThrow();
            assertEquals(new StoreTable.Column("last_step", ColumnType.BIG_WHOLE_NUMBER), mfa.columns().get(8));
            assertEquals(new StoreTable.Column("drift", ColumnType.WHOLE_NUMBER), mfa.columns().get(9));
            assertEquals(new StoreTable.Column("serial_number", ColumnType.TEXT), mfa.columns().get(0));
        }
    }

    @Test
    void tablesThatNameEachOtherHaveNoOrder() {
        StoreLocation.Postgres postgres = TestStores.freshSchema();
        try (Database store = postgres.open()) {
            StoreException refused = assertThrows(StoreException.class, () -> store.withHandle(c -> {
                execute(c, "CREATE TABLE hens (id TEXT PRIMARY KEY, egg TEXT)");
                execute(c, "CREATE TABLE eggs (id TEXT PRIMARY KEY, hen TEXT REFERENCES hens (id))");
                execute(c, "ALTER TABLE hens ADD FOREIGN KEY (egg) REFERENCES eggs (id)");
                execute(c, "CREATE TABLE nests (id TEXT PRIMARY KEY)");
                return StoreTable.inDependencyOrder(c, Set.of());
            }));
            assertEquals("the tables [eggs, hens] name each other in a cycle of foreign keys: there is no order to"
                    + " fill them in", refused.getMessage());
        }
    }

    @Test
    void aValueNotOfItsColumnsTypeStopsTheCopyWithNothingWritten() throws SQLException {
        Path file = dir.resolve("charter.db");
        try (Database sqlite = SqliteDatabase.open(file)) {
            Migrations.apply(sqlite);
            sqlite.inTransaction(c -> {
                execute(c, "INSERT INTO accounts (account_id, name, is_management, created_at)"
                        + " VALUES ('123456789012', 'management', 1, '2026-12-07T00:00:00Z')");
                // SQLite keeps text that does not look like a number in an INTEGER column.
                execute(c, "INSERT INTO entity_tags (entity_id, tag_key, key_lower, tag_value, position)"
                        + " VALUES ('AIDAEXAMPLE', 'team', 'team', 'platform', 'first')");
                return null;
            });
        }
        StoreLocation.Postgres postgres = TestStores.freshSchema();
        StoreException refused = assertThrows(StoreException.class,
                () -> StoreCopy.copy(new StoreLocation.Embedded(file), postgres));
        assertEquals("the column entity_tags.position holds a value that is not of its type (String)", refused.getMessage());
        try (Database store = postgres.open()) {
            assertEquals(Long.valueOf(0), store.<Long>withHandle(c -> count(c, "accounts")), "all or nothing");
            assertEquals(Long.valueOf(0), store.<Long>withHandle(c -> count(c, "entity_tags")));
        }
    }

    @Test
    void theGenerationPassesBothStoresSoThatFollowingNodesReloadWhole() throws SQLException {
        Path file = dir.resolve("charter.db");
        try (Database sqlite = SqliteDatabase.open(file)) {
            Migrations.apply(sqlite);
            sqlite.inTransaction(c -> {
                execute(c, "UPDATE store_generation SET generation = 7");
                execute(c, "INSERT INTO snapshot_changes (generation, kind, item) VALUES (7, 'ENTITY', 'AIDAEXAMPLE')");
                return null;
            });
        }
        StoreLocation.Postgres postgres = TestStores.freshSchema();
        try (Database store = postgres.open()) {
            Migrations.apply(store);
            // A node had been following the empty store, up to generation 20.
            store.inTransaction(c -> {
                execute(c, "UPDATE store_generation SET generation = 20");
                return null;
            });
            StoreCopy.Copied copied = StoreCopy.copy(new StoreLocation.Embedded(file), postgres);
            assertEquals(22, copied.generation(), "past the target's 21 (the copy's own write) and the source's 7");
            assertEquals(Long.valueOf(22), store.<Long>withHandle(StoreGeneration::read));
            assertTrue(store.withHandle(c -> SnapshotChanges.between(c, 20, 22, 100)).isEmpty(),
                    "the journal cannot bring a follower up to date: it reloads the whole store");
            assertEquals(List.of(new StoreCopy.TableRows("snapshot_changes", 1)),
                    copied.tables().stream().filter(t -> t.rows() > 0).toList());
        }
    }

    @Test
    void aFileOpenElsewhereIsNotHeldAlone() throws SQLException {
        Path file = dir.resolve("charter.db");
        try (Database server = SqliteDatabase.open(file)) {
            Migrations.apply(server);
            StoreException inUse = assertThrows(StoreException.class, () -> SqliteDatabase.openAlone(file));
            assertEquals("the store " + file + " is in use, by a server running on its data directory or another"
                    + " process: stop it first", inUse.getMessage());
        }
        try (Connection alone = SqliteDatabase.openAlone(file)) {
            assertEquals(0L, count(alone, "accounts"));
            assertThrows(StoreException.class, () -> SqliteDatabase.openAlone(file), "held while open");
        }
        try (Connection again = SqliteDatabase.openAlone(file)) {
            assertEquals(0L, count(again, "accounts"), "released when closed");
        }
        Path absent = dir.resolve("absent.db");
        StoreException missing = assertThrows(StoreException.class, () -> SqliteDatabase.openAlone(absent));
        assertTrue(missing.getMessage().startsWith("cannot open the SQLite store " + absent), missing.getMessage());
        assertFalse(Files.exists(absent), "an absent file is not made");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
