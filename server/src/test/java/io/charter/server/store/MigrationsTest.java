package io.charter.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations are found by name in their folder on the class path, in a directory (as in the tests)
 * or in a jar (as {@code ./charter serve} runs), and applied in the order of their versions.
 */
class MigrationsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private static final String FOLDER = "test/migrations";

    /** Version 10 needs version 9's table: applied in name order (V10 before V9) it would fail. */
    private static final Map<String, String> NUMBERED_PAST_NINE = Map.of(
            "V9__first.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY);\n",
            "V10__second.sql", "-- a comment\nALTER TABLE things ADD COLUMN name TEXT;\n"
                    + "INSERT INTO things (id, name) VALUES (1, 'one');\n");

    @TempDir
    Path dir;

    @Test
    void foundInADirectoryInVersionOrderAndAppliedOnce() throws IOException {
        try (URLClassLoader loader = directory(NUMBERED_PAST_NINE)) {
            assertEquals(List.of(new Migrations.Migration(9, "V9__first.sql"), new Migrations.Migration(10, "V10__second.sql")),
                    Migrations.find(loader, FOLDER));
            assertAppliedOnceInOrder(loader);
        }
    }

    @Test
    void foundInAJarInVersionOrderAndAppliedOnce() throws IOException {
        try (URLClassLoader loader = jar(NUMBERED_PAST_NINE)) {
            assertEquals(List.of(new Migrations.Migration(9, "V9__first.sql"), new Migrations.Migration(10, "V10__second.sql")),
                    Migrations.find(loader, FOLDER));
            assertAppliedOnceInOrder(loader);
        }
    }

    private void assertAppliedOnceInOrder(ClassLoader loader) {
        try (Database db = SqliteDatabase.open(dir.resolve("charter.db"))) {
            assertEquals(2, Migrations.apply(db, CLOCK, loader, FOLDER));
            assertEquals(0, Migrations.apply(db, CLOCK, loader, FOLDER));
            assertEquals(List.of("9 V9__first.sql 2026-11-23T12:00:00Z", "10 V10__second.sql 2026-11-23T12:00:00Z"),
                    db.withHandle(connection -> {
                        List<String> rows = new ArrayList<>();
                        try (Statement statement = connection.createStatement();
                                ResultSet result = statement.executeQuery(
                                        "SELECT version, name, applied_at FROM schema_migrations ORDER BY version")) {
                            while (result.next()) {
                                rows.add(result.getInt(1) + " " + result.getString(2) + " " + result.getString(3));
                            }
                        }
                        return rows;
                    }));
        }
    }

    @Test
    void twoFilesOfOneVersionAreRefused() throws IOException {
        Map<String, String> files = Map.of("V1__first.sql", "", "V2__second.sql", "", "V002__again.sql", "");
        for (URLClassLoader loader : List.of(directory(files), jar(files))) {
            try (loader) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> Migrations.find(loader, FOLDER));
                assertEquals("The migrations 'V002__again.sql' and 'V2__second.sql' in test/migrations have the same"
                        + " version, 2.", e.getMessage());
            }
        }
    }

    @Test
    void aFileNotNamedAsAMigrationIsRefused() throws IOException {
        for (String name : List.of("README.md", "V1_first.sql", "v1__first.sql", "V__first.sql", "V1__.sql",
                "V1__first.SQL", "V1a__first.sql", "1__first.sql", "V99999999999__first.sql")) {
            Map<String, String> files = Map.of("V2__second.sql", "", name, "");
            for (URLClassLoader loader : List.of(directory(files), jar(files))) {
                try (loader) {
                    IllegalStateException e = assertThrows(IllegalStateException.class,
                            () -> Migrations.find(loader, FOLDER), name);
                    assertEquals("The file '" + name + "' in test/migrations is not a migration: a migration is named"
                            + " V<number>__<description>.sql.", e.getMessage());
                }
            }
        }
    }

    @Test
    void aFolderWithoutMigrationsIsRefused() throws IOException {
        try (URLClassLoader loader = directory(Map.of())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Migrations.find(loader, FOLDER));
            assertEquals("There are no migrations in test/migrations on the class path (a jar holding them must keep"
                    + " its directory entries, as Maven's jar plugin writes them).", e.getMessage());
        }
    }

    /** A class loader over a fresh directory holding {@code files} in {@link #FOLDER}. */
    private URLClassLoader directory(Map<String, String> files) throws IOException {
        Path root = Files.createTempDirectory(dir, "classes");
        Path folder = Files.createDirectories(root.resolve(FOLDER));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
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
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    }
}
