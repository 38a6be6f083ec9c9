package io.charter.server;

import io.charter.server.store.StoreLocation;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store the tests' servers use, chosen for the whole run by the system property
 * {@value #PROPERTY}: {@code sqlite} (the default: the file in each server's data directory) or
 * {@code postgresql} (the machine's PostgreSQL on 127.0.0.1:5432, user {@code postgres}, or
 * {@value #URL_PROPERTY}'s server). With PostgreSQL the run makes a fresh database of its own,
 * dropped when the run ends, and gives each data directory a schema of its own in it: servers
 * started on one data directory (a restart, a second node) share one store, as on SQLite.
 */
public final class TestStores {
    /** The system property choosing the store. */
    public static final String PROPERTY = "charter.test.store";
    /** The system property naming the PostgreSQL server, {@code postgresql://HOST:PORT}. */
    public static final String URL_PROPERTY = "charter.test.postgresql";

    private static final Map<Path, StoreLocation> SCHEMAS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static volatile String database;

    private TestStores() {
    }

    /** Whether this run's servers use PostgreSQL. */
    public static boolean postgres() {
        return "postgresql".equals(System.getProperty(PROPERTY, "sqlite").toLowerCase(Locale.ROOT));
    }

    /** The store of a server whose data directory is {@code dataDir}. */
    public static StoreLocation forDataDir(Path dataDir) {
        if (!postgres()) {
            return StoreLocation.Embedded.in(dataDir);
        }
        return SCHEMAS.computeIfAbsent(dataDir.toAbsolutePath().normalize(), dir -> freshSchema());
    }

    /** A store of its own in this run's PostgreSQL database (whatever {@value #PROPERTY} says). */
    public static StoreLocation.Postgres freshSchema() {
        String schema = "s" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        execute(database(), "CREATE SCHEMA " + schema);
        return new StoreLocation.Postgres(server() + "/" + database() + "?currentSchema=" + schema,
                Optional.of("postgres"), Optional.empty(), 4);
    }

    /** A forwarder to this run's PostgreSQL server, to take it away from a node and give it back. */
    public static LoopbackForwarder forwarder() {
        URI uri = URI.create(server());
        return LoopbackForwarder.to(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    /** {@code store}, reached through {@code forwarder} instead of directly. */
    public static StoreLocation.Postgres through(StoreLocation.Postgres store, LoopbackForwarder forwarder) {
        String url = store.url().replaceFirst("^postgresql://[^/]+/", "postgresql://127.0.0.1:" + forwarder.port() + "/");
        return new StoreLocation.Postgres(url, store.user(), store.password(), store.poolSize());
    }

    /** The PostgreSQL server, {@code postgresql://HOST:PORT}. */
    private static String server() {
        return System.getProperty(URL_PROPERTY, "postgresql://127.0.0.1:5432");
    }

    /** This run's database, made on first use and dropped when the JVM ends. */
    private static synchronized String database() {
        if (database == null) {
            String name = "charter_test_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
            execute("postgres", "CREATE DATABASE " + name);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("postgres",
                    "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
            database = name;
        }
        return database;
    }

    private static void execute(String db, String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:" + server() + "/" + db, "postgres", null);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("the tests' PostgreSQL at " + server() + " refused " + sql + ": "
                    + e.getMessage(), e);
        }
    }
}
