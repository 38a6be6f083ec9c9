package io.charter.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The shared store: a PostgreSQL database that several nodes use at once, through a pool of
 * connections (HikariCP). Writes are ordered across nodes by the row of {@code store_generation},
 * which every write transaction updates first: the row lock it takes is held until commit, so
 * transactions that write run one at a time, and each reads (in PostgreSQL's READ COMMITTED, a fresh
 * view per statement) everything committed before it. Reads that must see one state run in a
 * read-only REPEATABLE READ transaction.
 *
 * <p>Thread-safe.
 */
public final class PostgresDatabase implements Database {
    /** How long a caller waits for a connection before the store counts as unreachable. */
    private static final long CONNECTION_TIMEOUT_MILLIS = 3_000;

    private final StoreLocation.Postgres location;
    private final HikariDataSource pool;

    private PostgresDatabase(StoreLocation.Postgres location, HikariDataSource pool) {
        this.location = location;
        this.pool = pool;
    }

    /**
     * Opens the pool and checks that the database answers; fails when it does not, so a node never
     * starts (and serves) without having read the store.
     */
    public static PostgresDatabase open(StoreLocation.Postgres location) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(location.jdbcUrl());
        location.user().ifPresent(config::setUsername);
        location.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(location.poolSize());
        config.setMinimumIdle(Math.min(2, location.poolSize()));
        config.setPoolName("charter-store");
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(CONNECTION_TIMEOUT_MILLIS);
        // A statement whose server went silent (a network partition) fails rather than hanging a
        // request or the follower forever; keep-alives find a dead peer between statements.
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "charter");
        try {
            return new PostgresDatabase(location, new HikariDataSource(config));
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StoreException("cannot open the PostgreSQL store " + location.describe() + ": "
                    + cause.getMessage(), e, false, true);
        }
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    /** Every write transaction notifies the nodes listening ({@link ChangeNotifications}). */
    @Override
    public void announce(Connection transaction, long generation) throws SQLException {
        ChangeNotifications.announce(transaction, generation);
    }

    @Override
    public Optional<ChangeNotifications> notifications(ChangeNotifications.Listener listener) {
        return Optional.of(ChangeNotifications.listen(location, listener));
    }

    @Override
    public <T> T withHandle(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure("store operation failed", e);
        }
    }

    @Override
    public <T> T inReadTransaction(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            try {
                return work.run(connection);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw failure("store read failed", e);
        }
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return Transactions.commitOrRollBack(connection, work);
        } catch (SQLException e) {
            throw failure("store transaction failed", e);
        }
    }

    /**
     * A failure as the domain reads it: a conflict with another write (a constraint, a
     * serialization failure, a deadlock), the store unreachable (no connection to the server within
     * the timeout, a connection lost, the server shutting down), or anything else.
     */
    private static StoreException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean conflicting = state.startsWith("23") || state.equals("40001") || state.equals("40P01")
                || state.equals("55P03");
        // No connection within the timeout counts as the store away, whether the server is silent or
        // the pool stayed all in use that long (the pool's exception does not always tell them apart:
        // it carries the last failed attempt's SQLSTATE only when an attempt has failed by then).
        boolean unreachable = e instanceof SQLTransientConnectionException || state.startsWith("08")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
        return new StoreException(what + ": " + e.getMessage(), e, conflicting, unreachable);
    }

    @Override
    public void close() {
        pool.close();
    }
}
