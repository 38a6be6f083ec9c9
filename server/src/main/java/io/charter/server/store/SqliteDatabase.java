package io.charter.server.store;

import io.charter.server.files.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * The embedded store: one SQLite file in WAL mode. SQLite serialises writers anyway, and the hot
 * path reads the in-memory snapshot rather than the store, so one connection guarded by a lock
 * serves both; this keeps every transaction on one consistent connection. Transactions begin
 * {@code IMMEDIATE}, so processes sharing the file run each read-check-write whole, one at a time.
 *
 * <p>Thread-safe.
 */
public final class SqliteDatabase implements Database {
    /** SQLite's primary result codes (sqlite.org/rescode.html) of a conflicting transaction. */
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CONSTRAINT = 19;

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private SqliteDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating owner-only if new) the store file. SQLite gives its {@code -wal} and
     * {@code -shm} files the main file's permissions.
     */
    public static SqliteDatabase open(Path file) {
        return open(file, "FULL");
    }

    /**
     * Opens (creating owner-only if new) the audit trail's file, {@code audit.db}. Its commits are
     * {@code synchronous=NORMAL}: in WAL mode a commit is then in the operating system's hands when
     * it returns, so an acknowledged request's record survives the process's death (kill -9, a
     * crash), and only the last commits before a power loss or an OS crash could be lost; each
     * commit saves an {@code fsync}, which the audit trail pays on every request (measured in
     * BENCHMARKS.md, "Audit trail"). The IAM state keeps {@code FULL}.
     */
    public static SqliteDatabase openAuditTrail(Path file) {
        return open(file, "NORMAL");
    }

    private static SqliteDatabase open(Path file, String synchronous) {
        try {
            OwnerOnlyFiles.createIfAbsent(file);
            Properties driver = new Properties();
            // IMMEDIATE (the driver's transaction_mode): a transaction takes the file's write lock
            // when it begins (waiting up to the busy timeout), so another process sharing the file
            // cannot commit between a transaction's reads and its writes. SQLite's default (DEFERRED)
            // takes the lock at the first write, and fails there at once (SQLITE_BUSY) when the file
            // changed since the reads.
            driver.setProperty("transaction_mode", "IMMEDIATE");
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), driver);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // FULL: every commit is on disk before it is acknowledged, so a write whose answer a
                // client holds (an access key's secret, say) survives an OS crash or a power loss.
                // NORMAL, in WAL mode, may lose the last commits then. Measured in BENCHMARKS.md.
                statement.execute("PRAGMA synchronous=" + synchronous);
                statement.execute("PRAGMA foreign_keys=ON");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            return new SqliteDatabase(file.toAbsolutePath(), connection);
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot open the SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A connection to an existing store file for a tool that must be its only user (the copy of
     * {@link StoreCopy}): it holds the file locked (SQLite's exclusive locking mode) from here until
     * it is closed, so no server reads or writes the file meanwhile, nor starts on it. Fails when
     * the file is absent, or open in any other connection, of this process or another: a server
     * keeps its store open while it runs, idle or not.
     */
    static Connection openAlone(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE); // an absent file is an error, not a new store
        config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
        config.setBusyTimeout(0); // in use now is in use: waiting would not free the file
        Connection connection = null;
        try {
            connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                // The first transaction takes the lock; the exclusive locking mode keeps it until close.
                statement.execute("BEGIN EXCLUSIVE");
                statement.execute("SELECT COUNT(*) FROM sqlite_master");
                statement.execute("COMMIT");
            }
            return connection;
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            int primary = e.getErrorCode() & 0xFF;
            if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
                throw new StoreException("the store " + file + " is in use, by a server running on its data"
                        + " directory or another process: stop it first", e, true);
            }
            throw new StoreException("cannot open the SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public DataSource dataSource() {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        source.setBusyTimeout(5000);
        return source;
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

    /**
     * A {@code DEFERRED} transaction begun and ended by statement, the connection left in autocommit
     * mode (a JDBC transaction would begin {@code IMMEDIATE} and take the write lock): in WAL mode
     * its first read fixes the state every later statement reads, and it takes no write lock. It
     * ends in a rollback, which for a transaction that only read changes nothing.
     */
    @Override
    public <T> T inReadTransaction(Work<T> work) {
        return withHandle(c -> {
            try (Statement begin = c.createStatement()) {
                begin.execute("BEGIN DEFERRED");
            }
            try {
                return work.run(c);
            } finally {
                try (Statement end = c.createStatement()) {
                    end.execute("ROLLBACK");
                }
            }
        });
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        lock.lock();
        try {
            ensureOpen();
            return Transactions.commitOrRollBack(connection, work);
        } catch (SQLException e) {
            throw new StoreException("store transaction failed: " + e.getMessage(), e, conflicting(e));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether SQLite refused the work for conflicting with the file's state or another process: a
     * constraint (a foreign key naming a deleted row, a unique value taken) or the file locked past
     * the busy timeout. The primary result code is the low byte of the extended one the driver gives.
     */
    private static boolean conflicting(SQLException e) {
        int primary = e.getErrorCode() & 0xFF;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_CONSTRAINT;
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
