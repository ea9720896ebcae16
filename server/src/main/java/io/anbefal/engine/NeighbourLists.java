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
     * Items with weights, strongest first, and what they were built from. Final fields (but the kept
     * {@link #visits}): safe to publish from a reader thread through a plain array store.
     */
    static final class Sorted {
        final int[] items;
        final float[] weights;
        final int rowSize;
        final int rowChanges;
        final long builtNanos;
        /** Per dense id, its index in {@link #items} or -1 (kept for the trending lists only; else null). */
        final int[] positions;
        /**
         * The entries that the last few restrictive filters allow, found once ({@link AllowedItems#visit}); the
         * one field not final: an array never changed after it is published, through the volatile write.
         */
        volatile AllowedItems.Visit[] visits;

        Sorted(int[] items, float[] weights, int rowSize, int rowChanges, long builtNanos) {
            this(items, weights, rowSize, rowChanges, builtNanos, null);
        }

        Sorted(int[] items, float[] weights, int rowSize, int rowChanges, long builtNanos, int[] positions) {
            this.items = items;
            this.weights = weights;
            this.rowSize = rowSize;
            this.rowChanges = rowChanges;
            this.builtNanos = builtNanos;
            this.positions = positions;
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
    /** Every trending item in the order of a whole-catalog score ({@link #trendingOrder}); rowChanges as above. */
    private volatile Sorted order;

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
        trending = new Sorted(built.items, built.weights, built.rowSize, (int) events, built.builtNanos,
                positions(built.items, n));
        return trending;
    }

    /**
     * Every item with a trend (never a category), scored as {@link PopularScorer#score} scores it, in the order of
     * {@link Scorer#top} (a higher score first, equal scores by the lower id): the whole-catalog answer as one
     * sorted list, so that a restrictive filter walks it instead of scoring every item. Exact: built at the current
     * event count. When events came in since, it is rebuilt at most once per {@link #REFRESH_NANOS}, and null
     * meanwhile (the caller scores the catalog).
     */
    Sorted trendingOrder() {
        Sorted cached = order;
        long events = model.events;
        if (cached != null && cached.rowChanges == (int) events) {
            return cached;
        }
        long now = model.nanoClock.getAsLong();
        if (cached != null && now - cached.builtNanos < REFRESH_NANOS) {
            return null;
        }
        int n = model.items.size();
        double[] trend = model.trend;
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, trend[i]);
        }
        long[] keys = new long[n];
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (trend[i] > 0 && !model.category[i]) {
                float score = (float) (trend[i] / max);
                int bits = Float.floatToIntBits(score == 0f ? Float.MIN_VALUE : score); // as Scorer.add keeps it
                keys[size++] = ((long) (Integer.MAX_VALUE - bits) << 32) | i; // ascending: score down, then id up
            }
        }
        Arrays.sort(keys, 0, size);
        int[] items = new int[size];
        float[] weights = new float[size];
        for (int k = 0; k < size; k++) {
            items[k] = (int) keys[k];
            weights[k] = Float.intBitsToFloat(Integer.MAX_VALUE - (int) (keys[k] >>> 32));
        }
        order = new Sorted(items, weights, size, (int) events, now, positions(items, n));
        return order;
    }

    private static int[] positions(int[] items, int n) {
        int[] positions = new int[n];
        Arrays.fill(positions, -1);
        for (int k = 0; k < items.length; k++) {
            positions[items[k]] = k;
        }
        return positions;
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
