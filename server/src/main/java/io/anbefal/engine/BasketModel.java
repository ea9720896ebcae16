package io.anbefal.engine;

/**
 * A trained model that completes baskets for a service with few items, built in the background from every
 * person's item set and immutable once built, so readers share it without locks.
 */
interface BasketModel {

    /** Adds each item's score for completing the basket (dense ids; ids the model does not know are ignored). */
    void score(int[] basket, int basketSize, Scorer scorer);

    /** The service's event count when the training rows were taken. */
    long events();

    /** {@link System#nanoTime()} when the model was built. */
    long builtNanos();

    /** How long the fit took. */
    long fitNanos();
}
