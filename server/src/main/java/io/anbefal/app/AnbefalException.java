package io.anbefal.app;

/** A request Anbefal cannot carry out, with a message for the client naming what is wrong. */
public class AnbefalException extends RuntimeException {

    /** What kind of problem it is; the HTTP layer maps each to a status. */
    public enum Kind { BAD_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE }

    private final Kind kind;

    public AnbefalException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static AnbefalException badInput(String message) {
        return new AnbefalException(Kind.BAD_INPUT, message);
    }

    public static AnbefalException notFound(String message) {
        return new AnbefalException(Kind.NOT_FOUND, message);
    }
}
