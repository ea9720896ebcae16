package io.anbefal.tenant;

/**
 * A password or key check refused because a bound of {@link PasswordChecks} is reached, before any hashing; the
 * HTTP layer answers 429 with {@code Retry-After: }{@link #retryAfterSeconds}.
 */
public final class TooManyChecks extends RuntimeException {

    private final long retryAfterSeconds;

    TooManyChecks(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When the client may try again, in seconds. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
