package io.anbefal.engine;

/**
 * A trained model that completes baskets for a service with few items, built in the background from every
 * person's item set and immutable once built, so readers share it without locks.
 */
abstract class BasketModel {

    private final long events;
    private final long builtNanos = System.nanoTime();
    private final long fitNanos;

    /**
     * @param events    the service's event count when the training rows were taken
     * @param fitNanos  how long the fit took
     */
    BasketModel(long events, long fitNanos) {
        this.events = events;
        this.fitNanos = fitNanos;
    }

    /** Adds each item's score for completing the basket (dense ids; ids the model does not know are ignored). */
    abstract void score(int[] basket, int basketSize, Scorer scorer);

    /** The service's event count when the training rows were taken. */
    final long events() {
        return events;
    }

    /** {@link System#nanoTime()} when the model was built. */
    final long builtNanos() {
        return builtNanos;
    }

    /** How long the fit took. */
    final long fitNanos() {
        return fitNanos;
    }
}
