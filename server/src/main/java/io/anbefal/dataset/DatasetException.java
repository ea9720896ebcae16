package io.anbefal.dataset;

/**
 * A dataset that cannot be loaded: not well-formed, not valid to the schema, badly encoded or unreadable.
 * Carries the position of the first error (1-based; 0 when unknown) and a message saying what was expected.
 */
public class DatasetException extends RuntimeException {

    private final int line;
    private final int column;

    public DatasetException(int line, int column, String message, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The position and the message, such as {@code line 12, column 40: ...}. */
    public String describe() {
        return line > 0 ? "line " + line + ", column " + column + ": " + getMessage() : getMessage();
    }
}
