package io.anbefal.crec.core;

/** The delivery's port to the page's timers. */
public interface Timer {

    /** Calls {@link Delivery#flush()} once, {@code ms} milliseconds from now. */
    void flushAfter(double ms);
}
