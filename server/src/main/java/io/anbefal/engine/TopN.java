package io.anbefal.engine;

import java.util.Arrays;

/**
 * The one top-N selection of the engine: a bounded min-heap of (item, score) pairs whose root is the weakest
 * kept, then an in-place heap sort, strongest first. Used for the answers of a request ({@link Scorer#top}) and
 * for the sorted lists that requests read (an item's neighbours, the trending list: {@link NeighbourLists}).
 * <p>
 * Ordering: a higher score is better. {@link #byScoreThenItem} breaks ties by the lower item id, a total order,
 * so an answer does not depend on the order its candidates came in. {@link #byScore} leaves ties in the order the
 * heap puts them (deterministic for a given input order): the neighbour and trending lists have always been built
 * that way, and their order among equal weights is part of the answers that must not change.
 * Not thread-safe; reusable through {@link #reset}.
 */
final class TopN {

    private final boolean tiesByItem;
    private int[] items;
    private float[] scores;
    private int capacity;
    private int size;

    private TopN(boolean tiesByItem, int capacity) {
        this.tiesByItem = tiesByItem;
        this.items = new int[capacity];
        this.scores = new float[capacity];
        this.capacity = capacity;
    }

    /** Keeps the {@code n} best by score; equal scores by the lower item id. */
    static TopN byScoreThenItem(int n) {
        return new TopN(true, n);
    }

    /** Keeps the {@code n} best by score; equal scores in heap order. */
    static TopN byScore(int n) {
        return new TopN(false, n);
    }

    /** Empties it for a new selection of at most {@code n}. */
    void reset(int n) {
        if (items.length < n) {
            items = new int[n];
            scores = new float[n];
        }
        capacity = n;
        size = 0;
    }

    /** Offers one candidate: kept while there is room, else only if better than the weakest kept. */
    void offer(int item, float score) {
        if (size < capacity) {
            items[size] = item;
            scores[size] = score;
            siftUp(size++);
        } else if (capacity > 0 && better(score, item, 0)) {
            items[0] = item;
            scores[0] = score;
            siftDown(size);
        }
    }

    /** Sorts what is kept strongest first (heap sort); read it with {@link #size}, {@link #item}, {@link #score}. */
    void sort() {
        for (int end = size - 1; end > 0; end--) {
            swap(0, end);
            siftDown(end);
        }
    }

    int size() {
        return size;
    }

    int item(int k) {
        return items[k];
    }

    float score(int k) {
        return scores[k];
    }

    /** The kept items after {@link #sort}, as a new array (or the buffer itself when it is exactly full). */
    int[] sortedItems() {
        return size == items.length ? items : Arrays.copyOf(items, size);
    }

    /** The kept scores after {@link #sort}, as {@link #sortedItems}. */
    float[] sortedScores() {
        return size == scores.length ? scores : Arrays.copyOf(scores, size);
    }

    /** Whether (score, item) ranks above the entry at {@code k}. */
    private boolean better(float score, int item, int k) {
        float other = scores[k];
        return score > other || (tiesByItem && score == other && item < items[k]);
    }

    private void siftUp(int k) {
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!better(scores[parent], items[parent], k)) {
                return;
            }
            swap(k, parent);
            k = parent;
        }
    }

    /** Restores the heap order of the first {@code n} entries after the root changed. */
    private void siftDown(int n) {
        for (int k = 0; ; ) {
            int l = 2 * k + 1;
            int r = l + 1;
            int weakest = k;
            if (l < n && better(scores[weakest], items[weakest], l)) {
                weakest = l;
            }
            if (r < n && better(scores[weakest], items[weakest], r)) {
                weakest = r;
            }
            if (weakest == k) {
                return;
            }
            swap(k, weakest);
            k = weakest;
        }
    }

    private void swap(int a, int b) {
        int i = items[a];
        items[a] = items[b];
        items[b] = i;
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
    }
}
