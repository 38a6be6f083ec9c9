package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Versioned schema migrations, applied in order, each in its own transaction, recorded in
 * {@code schema_migrations}. The files live beside this class in {@code migrations/}, are found
 * there by name ({@code V<number>__<description>.sql}, applied in the order of their numbers) and
 * use SQL that SQLite and PostgreSQL both accept. Never edit a released one.
 */
public final class Migrations {
    /** The folder on the class path holding the migrations. */
    static final String FOLDER = "io/charter/server/store/migrations";
    private static final Pattern NAME = Pattern.compile("V([0-9]{1,9})__[^/]+\\.sql");

    /**
     * One migration file.
     *
     * @param version the number its name gives: {@code V005__roles.sql} is version 5; it is recorded
     *     under that version, so a migration inserted between two others still applies once
     * @param name the file name
     */
    record Migration(int version, String name) {
        Migration {
            requireNonNull(name, "name is null");
        }
    }

    private Migrations() {
    }

    /** Applies what is missing; returns how many migrations ran. */
    public static int apply(Database database, Clock clock) {
        return apply(database, clock, Migrations.class.getClassLoader(), FOLDER);
    }

    /** Applies what is missing of the migrations in {@code folder} on the class path of {@code loader}. */
    static int apply(Database database, Clock clock, ClassLoader loader, String folder) {
        List<Migration> migrations = find(loader, folder);
        database.withHandle(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            return null;
        });
        int applied = 0;
        for (Migration migration : migrations) {
            boolean done = database.withHandle(connection -> isApplied(connection, migration.version()));
            if (done) {
                continue;
            }
            String sql = read(loader, folder + "/" + migration.name());
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
                    insert.setInt(1, migration.version());
                    insert.setString(2, migration.name());
                    insert.setString(3, clock.instant().toString());
                    insert.executeUpdate();
                }
                return null;
            });
            applied++;
        }
        return applied;
    }

    /**
     * The migrations in {@code folder} (e.g. {@code io/charter/server/store/migrations}) on the class
     * path of {@code loader}, in a directory or a jar, in the order of their versions. A file not named
     * {@code V<number>__<description>.sql}, two files of one version, or none at all stop the start.
     */
    static List<Migration> find(ClassLoader loader, String folder) {
        Set<String> names = new TreeSet<>();
        try {
            for (URL location : Collections.list(loader.getResources(folder))) {
                names.addAll(list(location, folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The migrations in " + folder + " could not be listed: " + e.getMessage(), e);
        }
        Map<Integer, Migration> byVersion = new TreeMap<>();
        for (String name : names) {
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalStateException("The file '" + name + "' in " + folder
                        + " is not a migration: a migration is named V<number>__<description>.sql.");
            }
            Migration migration = new Migration(Integer.parseInt(matcher.group(1)), name);
            Migration other = byVersion.putIfAbsent(migration.version(), migration);
            if (other != null) {
                throw new IllegalStateException("The migrations '" + other.name() + "' and '" + name + "' in " + folder
                        + " have the same version, " + migration.version() + ".");
            }
        }
        if (byVersion.isEmpty()) {
            throw new IllegalStateException("There are no migrations in " + folder + " on the class path (a jar"
                    + " holding them must keep its directory entries, as Maven's jar plugin writes them).");
        }
        return List.copyOf(byVersion.values());
    }

    /** The names of what {@code location}, the folder in a directory or in a jar, holds directly. */
    private static List<String> list(URL location, String folder) throws IOException {
        return switch (location.getProtocol()) {
            case "file" -> listDirectory(location);
            case "jar" -> listJar((JarURLConnection) location.openConnection(), folder + "/");
            default -> throw new IOException("a folder at " + location + " cannot be listed");
        };
    }

    private static List<String> listDirectory(URL location) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
            return files.map(file -> file.getFileName().toString()).toList();
        } catch (URISyntaxException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The jar is opened anew (a second handle beside the class loader's), read and closed. */
    private static List<String> listJar(JarURLConnection connection, String prefix) throws IOException {
        connection.setUseCaches(false);
        List<String> names = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String path = entry.getName();
                if (path.startsWith(prefix) && path.length() > prefix.length()) {
                    int end = path.indexOf('/', prefix.length());
                    names.add(path.substring(prefix.length(), end < 0 ? path.length() : end));
                }
            }
        }
        return names;
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

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
