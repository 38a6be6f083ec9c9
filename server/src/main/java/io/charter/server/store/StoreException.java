package io.charter.server.store;

/**
 * A failure of the store itself (I/O, corruption, a constraint the caller did not expect). A
 * transaction that failed {@link #conflicting() for conflicting with other writes} wrote nothing and may
 * be tried again.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean conflicting;
    private final boolean unreachable;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false, false);
    }

    public StoreException(String message, Throwable cause, boolean conflicting) {
        this(message, cause, conflicting, false);
    }

    /**
     * @param conflicting whether the store refused the work for conflicting with its state or with
     *     another writer (a constraint, a lock held past the busy timeout) rather than for failing
     * @param unreachable whether the store could not be reached (no connection, a connection lost):
     *     whatever the work was, a transaction's outcome is all or nothing
     */
    public StoreException(String message, Throwable cause, boolean conflicting, boolean unreachable) {
        super(message, cause);
        this.conflicting = conflicting;
        this.unreachable = unreachable;
    }

    /** Whether the store could not be reached: the node may serve from its snapshot for a while. */
    public boolean unreachable() {
        return unreachable;
    }

    /**
     * Whether the work conflicted with what other writes made of the store (a row it names deleted,
     * a unique value taken, the file locked by another process past the busy timeout): a race the
     * caller's preconditions did not catch, answered as one, not as a failure of the store.
     */
    public boolean conflicting() {
        return conflicting;
    }
}
