package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL's {@code LISTEN/NOTIFY} between the nodes sharing a store: every write transaction
 * {@link #announce announces} the generation it advanced to, delivered when it commits (and not at
 * all when it rolls back); each node listens on one connection of its own, not from the pool, and
 * tells its {@link Listener} when a store's write it did not make may have happened. A notification
 * only says "look now": the journal stays the truth, and a notification missed (the connection was
 * down) is caught up by the listener being told once more after each reconnection, and by the
 * node's periodic poll.
 *
 * <p>Several stores may share one database, a schema each: a notification names its store's schema,
 * and a listener ignores the other stores' notifications.
 *
 * <p>Thread-safe: one daemon thread owns the connection; {@link #close} stops it.
 */
public final class ChangeNotifications implements AutoCloseable {
    /** The channel every store's writes are announced on. */
    static final String CHANNEL = "charter_changes";
    /** How long one wait for notifications lasts before the connection is checked again. */
    private static final int WAIT_MILLIS = 500;
    /** How long the connection may stay silent before a statement checks that it is still alive. */
    private static final Duration CHECK_AFTER = Duration.ofSeconds(5);
    /** The first wait before reconnecting; doubled on each failure up to {@link #MAX_BACKOFF}. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(ChangeNotifications.class.getName());

    /** What a node does when the store may have changed. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called on the listening thread when another write to this store committed, or when the
         * listener (re)connected and so may have missed some. Must not throw.
         */
        void storeMayHaveChanged();
    }

    private final StoreLocation.Postgres location;
    private final Listener listener;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopping = lock.newCondition();
    private volatile boolean closed;
    private volatile Connection connection;

    private ChangeNotifications(StoreLocation.Postgres location, Listener listener) {
        this.location = requireNonNull(location, "location is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.thread = new Thread(this::listen, "charter-store-notifications");
        this.thread.setDaemon(true);
    }

    /** Starts listening for the writes to {@code location}'s store; {@link #close} stops. */
    static ChangeNotifications listen(StoreLocation.Postgres location, Listener listener) {
        ChangeNotifications notifications = new ChangeNotifications(location, listener);
        notifications.thread.start();
        return notifications;
    }

    /**
     * Announces, on the caller's write transaction, that it advanced the store to {@code generation}:
     * PostgreSQL delivers the notification when the transaction commits, to every listening session.
     */
    static void announce(Connection transaction, long generation) throws SQLException {
        try (PreparedStatement notify = transaction.prepareStatement(
                "SELECT pg_notify('" + CHANNEL + "', current_schema() || ' ' || ?)")) {
            notify.setString(1, Long.toString(generation));
            notify.execute();
        }
    }

    private void listen() {
        Duration backoff = FIRST_BACKOFF;
        boolean failing = false;
        while (!closed) {
            try (Connection c = connect()) {
                connection = c;
                String schema = currentSchema(c);
                try (Statement statement = c.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                backoff = FIRST_BACKOFF;
                if (failing) {
                    LOG.info("listening for the store's changes again");
                    failing = false;
                }
                // Writes may have committed while no connection listened: look once now.
                listener.storeMayHaveChanged();
                receive(c, schema);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                // Logged when the outage starts, not at every attempt. The driver's message names the
                // host and port at most, never the password.
                if (!failing) {
                    LOG.warning("listening for the store's changes failed; reconnecting (every "
                            + MAX_BACKOFF.toSeconds() + " s at most): " + e.getClass().getName() + ": " + e.getMessage());
                    failing = true;
                }
            } finally {
                connection = null;
            }
            pause(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Waits for notifications until the connection fails or this closes. */
    private void receive(Connection c, String schema) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastHeard = System.nanoTime();
        while (!closed) {
            PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
            if (received != null && received.length > 0) {
                lastHeard = System.nanoTime();
                if (forThisStore(received, schema)) {
                    // One look for the whole batch: the follower reads every generation it has not seen.
                    listener.storeMayHaveChanged();
                }
            } else if (System.nanoTime() - lastHeard > CHECK_AFTER.toNanos()) {
                // A peer gone silent (no reset) would leave the wait blocked forever: a statement finds out.
                try (Statement statement = c.createStatement()) {
                    statement.execute("SELECT 1");
                }
                lastHeard = System.nanoTime();
            }
        }
    }

    private static boolean forThisStore(PGNotification[] received, String schema) {
        for (PGNotification notification : received) {
            String payload = notification.getParameter();
            int space = payload.lastIndexOf(' ');
            if (CHANNEL.equals(notification.getName()) && space > 0 && payload.substring(0, space).equals(schema)) {
                return true;
            }
        }
        return false;
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        location.user().ifPresent(user -> properties.setProperty("user", user));
        location.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("ApplicationName", "charter");
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(location.jdbcUrl(), properties);
    }

    private static String currentSchema(Connection c) throws SQLException {
        try (Statement statement = c.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_schema()")) {
            if (!row.next() || row.getString(1) == null) {
                throw new SQLException("the store's connection has no current schema");
            }
            return row.getString(1);
        }
    }

    /** Waits {@code duration}, or less when this closes. */
    private void pause(Duration duration) {
        lock.lock();
        try {
            long left = duration.toNanos();
            while (!closed && left > 0) {
                left = stopping.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops listening and closes the connection; returns once the listening thread has ended. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            stopping.signalAll();
        } finally {
            lock.unlock();
        }
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway: the thread ends at its next wait
            }
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
