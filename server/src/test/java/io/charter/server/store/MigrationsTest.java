package io.charter.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations are found by name in their folder on the class path, in a directory (as in the tests)
 * or in a jar (as {@code ./charter serve} runs), and applied by Flyway in the order of their
 * versions, once; a store the runner before Flyway migrated goes on from where it was.
 */
class MigrationsTest {
    private static final String FOLDER = "test/migrations";

    /** Version 10 needs version 9's table: applied in name order (V10 before V9) it would fail. */
    private static final Map<String, String> NUMBERED_PAST_NINE = Map.of(
            "V9__first.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY);\n",
            "V10__second.sql", "-- a comment\nALTER TABLE things ADD COLUMN name TEXT;\n"
                    + "INSERT INTO things (id, name) VALUES (1, 'one');\n");

    @TempDir
    Path dir;

    @Test
    void foundInADirectoryAppliedInVersionOrderOnce() throws IOException {
        try (URLClassLoader loader = directory(NUMBERED_PAST_NINE)) {
            assertAppliedOnceInOrder(loader);
        }
    }

    @Test
    void foundInAJarAppliedInVersionOrderOnce() throws IOException {
        try (URLClassLoader loader = jar(NUMBERED_PAST_NINE)) {
            assertAppliedOnceInOrder(loader);
        }
    }

    private void assertAppliedOnceInOrder(ClassLoader loader) {
        try (Database db = SqliteDatabase.open(dir.resolve("charter.db"))) {
            assertEquals(2, Migrations.apply(db, loader, FOLDER));
            assertEquals(0, Migrations.apply(db, loader, FOLDER));
            assertEquals(List.of("9 first", "10 second"), history(db));
            assertEquals(List.of("1 one"), rows(db, "SELECT id, name FROM things"));
        }
    }

    @Test
    void aStoreMigratedBeforeFlywayAppliesOnlyTheNewerMigrations() throws IOException {
        try (URLClassLoader loader = directory(NUMBERED_PAST_NINE);
                Database db = SqliteDatabase.open(dir.resolve("charter.db"))) {
            // What the runner before Flyway left: version 9 applied and recorded in schema_migrations.
            db.withHandle(c -> {
                try (Statement statement = c.createStatement()) {
                    statement.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                            + " applied_at TEXT NOT NULL)");
                    statement.execute("INSERT INTO schema_migrations VALUES (9, 'V9__first.sql', '2026-11-23T12:00:00Z')");
                    statement.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)");
                }
                return null;
            });
            assertEquals(1, Migrations.apply(db, loader, FOLDER));
            assertEquals(List.of("1 one"), rows(db, "SELECT id, name FROM things"));
            assertEquals(0, Migrations.apply(db, loader, FOLDER));
        }
    }

    @Test
    void twoFilesOfOneVersionAreRefused() throws IOException {
        Map<String, String> files = Map.of("V1__first.sql", "CREATE TABLE a (id INTEGER);\n",
                "V2__second.sql", "CREATE TABLE b (id INTEGER);\n", "V002__again.sql", "CREATE TABLE c (id INTEGER);\n");
        for (URLClassLoader loader : List.of(directory(files), jar(files))) {
            try (loader; Database db = SqliteDatabase.open(Files.createTempFile(dir, "store", ".db"))) {
                StoreException e = assertThrows(StoreException.class, () -> Migrations.apply(db, loader, FOLDER));
                // Flyway names the version as the first of the two files it found spells it.
                assertTrue(e.getMessage().matches("(?s).*more than one migration with version 0*2\\b.*"), e.getMessage());
            }
        }
    }

    @Test
    void aFileNotNamedAsAMigrationIsRefused() throws IOException {
        for (String name : List.of("V1_first.sql", "V1a__first.sql")) {
            Map<String, String> files = Map.of("V2__second.sql", "CREATE TABLE b (id INTEGER);\n", name, "");
            try (URLClassLoader loader = directory(files);
                    Database db = SqliteDatabase.open(Files.createTempFile(dir, "store", ".db"))) {
                assertThrows(StoreException.class, () -> Migrations.apply(db, loader, FOLDER), name);
            }
        }
    }

    @Test
    void aFolderWithoutMigrationsIsRefused() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
                Database db = SqliteDatabase.open(dir.resolve("charter.db"))) {
            StoreException e = assertThrows(StoreException.class, () -> Migrations.apply(db, loader, FOLDER));
            assertTrue(e.getMessage().contains(FOLDER), e.getMessage());
        }
    }

    private static List<String> history(Database db) {
        return rows(db, "SELECT version, description FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank");
    }

    private static List<String> rows(Database db, String query) {
        return db.withHandle(connection -> {
            List<String> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
                while (result.next()) {
                    rows.add(result.getString(1) + " " + result.getString(2));
                }
            }
            return rows;
        });
    }

    /** A class loader over a fresh directory holding {@code files} in {@link #FOLDER}. */
    private URLClassLoader directory(Map<String, String> files) throws IOException {
        Path root = Files.createTempDirectory(dir, "classes");
        Path folder = Files.createDirectories(root.resolve(FOLDER));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    /** A class loader over a fresh jar holding {@code files} in {@link #FOLDER}, with its folder entries, as Maven builds it. */
    private URLClassLoader jar(Map<String, String> files) throws IOException {
        Path jar = Files.createTempFile(dir, "classes", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("test/"));
            out.putNextEntry(new JarEntry(FOLDER + "/"));
            for (Map.Entry<String, String> file : files.entrySet()) {
                out.putNextEntry(new JarEntry(FOLDER + "/" + file.getKey()));
                out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }
}
