package io.anbefal.store;

/** A failure of the underlying database. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
