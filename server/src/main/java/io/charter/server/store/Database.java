package io.charter.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A relational store reached through JDBC. Callbacks always get their connection back closed or
 * released, whatever happens ({@code withHandle}, {@code inTransaction}, after Jdbi). The SQL in
 * this package is plain enough to serve SQLite and PostgreSQL alike; an adapter only supplies
 * connections and its own pragmas.
 */
public interface Database extends AutoCloseable {

    /** Work against a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Connections of their own to the same store, for a tool that manages its connections itself
     * (the schema migrations). Not for the domain's work, which goes through the methods below.
     */
    DataSource dataSource();

    /** Runs {@code work} outside a transaction (autocommit). */
    <T> T withHandle(Work<T> work);

    /**
     * Runs {@code work}, which only reads, in one read transaction: every statement sees the same
     * committed state, however many statements it takes and whatever other processes commit
     * meanwhile, and writers are not held up.
     */
    <T> T inReadTransaction(Work<T> work);

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    <T> T inTransaction(Work<T> work);

    /**
     * Tells the other nodes sharing the store, when {@code transaction} commits, that it advanced
     * the store to {@code generation}. Nothing where no other node listens (SQLite: nodes sharing
     * the file poll it).
     */
    default void announce(Connection transaction, long generation) throws SQLException {
    }

    /**
     * Starts listening for other nodes' writes to this store, telling {@code listener} of each;
     * empty where the store has no notifications (SQLite: the poll alone follows the file).
     */
    default Optional<ChangeNotifications> notifications(ChangeNotifications.Listener listener) {
        return Optional.empty();
    }

    /** Closes the store; in-flight work finishes first. */
    @Override
    void close();
}
