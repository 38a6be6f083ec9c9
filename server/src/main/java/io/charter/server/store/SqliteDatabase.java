package io.charter.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store: one SQLite file in WAL mode. SQLite serialises writers anyway, and the hot
 * path reads the in-memory snapshot rather than the store, so one connection guarded by a lock
 * serves both; this keeps every transaction on one consistent connection.
 *
 * <p>Thread-safe.
 */
public final class SqliteDatabase implements Database {
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private SqliteDatabase(Connection connection) {
        this.connection = connection;
    }

    public static SqliteDatabase open(Path file) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA foreign_keys=ON");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            return new SqliteDatabase(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot open the SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T withHandle(Work<T> work) {
        lock.lock();
        try {
            ensureOpen();
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("store operation failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        lock.lock();
        try {
            ensureOpen();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store transaction failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                } catch (SQLException e) {
                    // closing anyway; the WAL is replayed on the next open
                }
                connection.close();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot close the store: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
