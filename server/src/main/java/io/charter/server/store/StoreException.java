package io.charter.server.store;

/** A failure of the store itself (I/O, corruption, constraint the caller did not expect). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
