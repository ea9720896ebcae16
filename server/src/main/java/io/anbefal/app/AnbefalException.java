package io.anbefal.app;

import java.util.List;

/** A request Anbefal cannot carry out, with a message for the client naming what is wrong. */
public class AnbefalException extends RuntimeException {

    /** What kind of problem it is; the HTTP layer maps each to a status. */
    public enum Kind { BAD_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE,
        /** The request conflicts with one in progress (a second dataset load into a service). */
        CONFLICT }

    private final Kind kind;
    private final List<String> details;

    public AnbefalException(Kind kind, String message) {
        this(kind, message, List.of());
    }

    /** A problem with every detail listed (each wrong field of a batch, say). */
    public AnbefalException(Kind kind, String message, List<String> details) {
        super(message);
        this.kind = kind;
        this.details = List.copyOf(details);
    }

    public Kind kind() {
        return kind;
    }

    /** The individual problems, when there are several; empty otherwise. */
    public List<String> details() {
        return details;
    }

    public static AnbefalException badInput(String message) {
        return new AnbefalException(Kind.BAD_INPUT, message);
    }

    public static AnbefalException notFound(String message) {
        return new AnbefalException(Kind.NOT_FOUND, message);
    }
}
