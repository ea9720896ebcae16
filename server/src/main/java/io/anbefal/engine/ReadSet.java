package io.anbefal.engine;

import java.util.Arrays;

/**
 * What one request read of the shared model besides the persons it resolved: each sorted neighbour list (item,
 * exponents, length, and the very list) with the item's {@code pop^-alpha}, and the trending list. Filled by the
 * scoring steps of types whose reads are all recorded ({@link ItemScorer#recordsReads}); one step of another type
 * makes the request's read set incomplete, and then its answer is not cached ({@link AnswerCache}).
 * <p>
 * A frozen copy is valid in a later model state when every list it names is the one the model would hand a request
 * now ({@link NeighbourLists} gives the same instance until it rebuilds it) and every {@code pop^-alpha} is
 * unchanged: then the scoring steps would compute the same sums from the same numbers.
 */
final class ReadSet {

    private int[] items = new int[32];
    private int[] betas = new int[32];
    private int[] lengths = new int[32];
    private float[] alphaPowers = new float[32];
    private int[] alphas = new int[32];
    private NeighbourLists.Sorted[] lists = new NeighbourLists.Sorted[32];
    private int size;
    private NeighbourLists.Sorted trending;
    private boolean complete = true;

    /** Starts a request's reads anew. */
    void reset() {
        Arrays.fill(lists, 0, size, null);
        size = 0;
        trending = null;
        complete = true;
    }

    /** A neighbour list read for item i, scaled by the item's {@code inversePower(alpha, i)}. */
    void list(int item, int beta, int length, NeighbourLists.Sorted list, int alpha, float alphaPower) {
        if (size == items.length) {
            int n = size * 2;
            items = Arrays.copyOf(items, n);
            betas = Arrays.copyOf(betas, n);
            lengths = Arrays.copyOf(lengths, n);
            alphaPowers = Arrays.copyOf(alphaPowers, n);
            alphas = Arrays.copyOf(alphas, n);
            lists = Arrays.copyOf(lists, n);
        }
        items[size] = item;
        betas[size] = beta;
        lengths[size] = length;
        lists[size] = list;
        alphas[size] = alpha;
        alphaPowers[size++] = alphaPower;
    }

    void trending(NeighbourLists.Sorted list) {
        trending = list;
    }

    /** A step read something that is not recorded: the answer must not be reused. */
    void incomplete() {
        complete = false;
    }

    boolean complete() {
        return complete;
    }

    /** An immutable copy, to keep with an answer computed from {@code m} as it is now (under its read lock). */
    Frozen freeze(ServiceModel m) {
        boolean exact = trending == null || trending.rowChanges == (int) m.events;
        for (int k = 0; k < size && exact; k++) {
            exact = lists[k].rowChanges == m.cooccurrence.get(items[k]).changes;
        }
        return new Frozen(Arrays.copyOf(items, size), Arrays.copyOf(betas, size), Arrays.copyOf(lengths, size),
                Arrays.copyOf(lists, size), Arrays.copyOf(alphas, size), Arrays.copyOf(alphaPowers, size), trending,
                m.events, exact);
    }

    /** The reads of one answer; final fields, so safe to publish to other reading threads. */
    static final class Frozen {
        private final int[] items;
        private final int[] betas;
        private final int[] lengths;
        private final NeighbourLists.Sorted[] lists;
        private final int[] alphas;
        private final float[] alphaPowers;
        private final NeighbourLists.Sorted trending;
        /** The model's event count when the reads were made. */
        private final long events;
        /** Whether every list read was built from its row as it was then (none awaiting its refresh). */
        private final boolean exact;

        Frozen(int[] items, int[] betas, int[] lengths, NeighbourLists.Sorted[] lists, int[] alphas,
               float[] alphaPowers, NeighbourLists.Sorted trending, long events, boolean exact) {
            this.items = items;
            this.betas = betas;
            this.lengths = lengths;
            this.lists = lists;
            this.alphas = alphas;
            this.alphaPowers = alphaPowers;
            this.trending = trending;
            this.events = events;
            this.exact = exact;
        }

        /**
         * Whether a request now would read exactly these lists and powers, or lists built from the same rows
         * (under the service's read lock). When no event has come in since and every list read was exact, every
         * row, popularity and trend is what it was, so the lists a request reads now hold the same numbers (one
         * rebuilt meanwhile for another length has the same head) and nothing needs walking.
         */
        boolean current(ServiceModel m) {
            if (exact && events == m.events) {
                return true;
            }
            for (int k = 0; k < items.length; k++) {
                if (m.inversePower(alphas[k], items[k]) != alphaPowers[k]
                        || m.lists.neighbours(items[k], betas[k], lengths[k]) != lists[k]) {
                    return false;
                }
            }
            return trending == null || m.lists.trending() == trending;
        }
    }
}
