package io.anbefal.store;

/** A failure of the underlying database. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What cannot be done now because something else holds it (another bulk load into the same service). */
    public static final class Busy extends StoreException {
        public Busy(String message) {
            super(message, null);
        }
    }
}
