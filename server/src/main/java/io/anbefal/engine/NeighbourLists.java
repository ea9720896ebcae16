package io.anbefal.engine;

import java.util.Arrays;

/**
 * The sorted lists that requests read from a {@link ServiceModel}: each item's strongest neighbours per
 * popularity exponent, and the trending list. Built on demand by reading threads (under the service's read
 * lock) with the engine's one {@link TopN}, and cached: a neighbour list is rebuilt as soon as its item gains a
 * new neighbour, and otherwise (weights drifting) at most {@link #REFRESH_NANOS} after it was built; the
 * trending list at most that long after events came in.
 */
final class NeighbourLists {

    /**
     * Items with weights, strongest first, and what they were built from. Final fields: safe to publish from a
     * reader thread through a plain array store.
     */
    static final class Sorted {
        final int[] items;
        final float[] weights;
        final int rowSize;
        final int rowChanges;
        final long builtNanos;

        Sorted(int[] items, float[] weights, int rowSize, int rowChanges, long builtNanos) {
            this.items = items;
            this.weights = weights;
            this.rowSize = rowSize;
            this.rowChanges = rowChanges;
            this.builtNanos = builtNanos;
        }
    }

    /** Lists whose weights drifted (but gained no new neighbour) are rebuilt after this long. */
    private static final long REFRESH_NANOS = 1_000_000_000L;
    private static final int TRENDING = 1000;

    private final ServiceModel model;
    /** Per exponent and item: its strongest neighbours. */
    private Sorted[][] cache = new Sorted[0][];
    /** The most trending items, strongest first; its rowChanges is the event count when it was built. */
    private volatile Sorted trending;

    NeighbourLists(ServiceModel model) {
        this.model = model;
    }

    /** Bytes of the cached lists: the per-item slots and each list built (see {@link ModelSize}). */
    long bytes() {
        long bytes = 0;
        for (Sorted[] lists : cache) {
            bytes += ModelSize.array(lists.length, ModelSize.REF);
            for (Sorted s : lists) {
                if (s != null) {
                    bytes += ModelSize.SORTED + ModelSize.array(s.items.length, 4) + ModelSize.array(s.weights.length, 4);
                }
            }
        }
        return bytes;
    }

    /** Empties the cache for {@code exponents} exponents and room for {@code capacity} items. */
    void reset(int exponents, int capacity) {
        cache = new Sorted[exponents][capacity];
    }

    /** Room for {@code capacity} items. */
    void grow(int capacity) {
        for (int e = 0; e < cache.length; e++) {
            cache[e] = Arrays.copyOf(cache[e], capacity);
        }
    }

    /**
     * The {@code k} strongest neighbours j of item i with weights {@code c(i,j) * pop(j)^-beta}: from the cache
     * when it is current (no new neighbour since it was built, and its weights at most a second old), else
     * built now.
     */
    Sorted neighbours(int i, int beta, int k) {
        IntFloatMap row = model.cooccurrence.get(i);
        Sorted cached = cache[beta][i];
        if (cached != null && cached.rowSize == row.size() && cached.items.length <= k
                && (cached.rowChanges == row.changes || model.nanoClock.getAsLong() - cached.builtNanos < REFRESH_NANOS)
                && (cached.items.length == k || cached.items.length == row.size())) {
            return cached;
        }
        Sorted built = strongest(row, model.inversePowers(beta), k);
        cache[beta][i] = built;
        return built;
    }

    /** The strongest trending items (never categories): rebuilt when events came in and the list is over a second old. */
    Sorted trending() {
        Sorted cached = trending;
        long events = model.events;
        if (cached != null && (cached.rowChanges == (int) events || model.nanoClock.getAsLong() - cached.builtNanos < REFRESH_NANOS)) {
            return cached;
        }
        int n = model.items.size();
        double[] trend = model.trend;
        double max = 0; // the largest trend value, so that floats hold the relative trend without overflow
        for (int i = 0; i < n; i++) {
            max = Math.max(max, trend[i]);
        }
        double scale = max == 0 ? 1 : max;
        IntFloatMap all = new IntFloatMap(n);
        for (int i = 0; i < n; i++) {
            if (trend[i] > 0 && !model.category[i]) {
                all.add(i, (float) (trend[i] / scale));
            }
        }
        Sorted built = strongest(all, null, TRENDING);
        trending = new Sorted(built.items, built.weights, built.rowSize, (int) events, built.builtNanos);
        return trending;
    }

    /** The {@code k} strongest entries of a row, each weight times {@code inverse[j]} when given. */
    private Sorted strongest(IntFloatMap row, float[] inverse, int k) {
        int n = row.size();
        TopN top = TopN.byScore(Math.min(k, n));
        for (int e = 0; e < n; e++) {
            int j = row.keys[e];
            top.offer(j, inverse == null ? row.values[e] : row.values[e] * inverse[j]);
        }
        top.sort();
        return new Sorted(top.sortedItems(), top.sortedScores(), n, row.changes, model.nanoClock.getAsLong());
    }
}
