package io.charter.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** The one way a {@link Database} runs work as a transaction on a connection it holds. */
final class Transactions {
    private Transactions() {
    }

    /**
     * Runs {@code work} on {@code connection} in one transaction: committed if it returns, rolled back
     * if anything at all is thrown (errors included), the connection back in autocommit mode either way.
     */
    static <T> T commitOrRollBack(Connection connection, Database.Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run(connection);
        } catch (Throwable t) {
            // Rolled back before autocommit comes back: re-enabling autocommit would commit.
            // The failure is the work's: one of the clean-up (a connection lost mid-work fails both)
            // is kept beside it, never in its place.
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException cleanUpFailure) {
                t.addSuppressed(cleanUpFailure);
            }
            throw t;
        }
        connection.commit();
        connection.setAutoCommit(true);
        return result;
    }
}
