package io.anbefal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scratch space for one recommendation: a dense score array over items with the list of touched items, and the
 * top-N selection (a bounded min-heap). Instances are pooled, so a request allocates almost nothing.
 */
final class Scorer {

    float[] scores = new float[1024];
    int[] touched = new int[1024];
    int touchedCount;
    private boolean[] excluded = new boolean[1024];
    private int[] excludedList = new int[64];
    private int excludedCount;

    void reset(int items) {
        if (scores.length < items) {
            int n = Math.max(items, scores.length * 2);
            scores = new float[n];
            touched = new int[n];
            excluded = new boolean[n];
        }
    }

    void add(int item, float score) {
        if (scores[item] == 0f) {
            touched[touchedCount++] = item;
            scores[item] = score == 0f ? Float.MIN_VALUE : score;
        } else {
            scores[item] += score;
        }
    }

    void exclude(int item) {
        if (!excluded[item]) {
            excluded[item] = true;
            if (excludedCount == excludedList.length) {
                excludedList = Arrays.copyOf(excludedList, excludedCount * 2);
            }
            excludedList[excludedCount++] = item;
        }
    }

    boolean isExcluded(int item) {
        return excluded[item];
    }

    /** The best {@code n} touched, not excluded items accepted by {@code filter}, best first; then clears. */
    List<Recommendation.ScoredItem> top(int n, ServiceModel m, ItemFilter filter) {
        int[] heap = new int[n];
        int size = 0;
        for (int t = 0; t < touchedCount; t++) {
            int item = touched[t];
            if (excluded[item] || !filter.accept(item)) {
                continue;
            }
            float s = scores[item];
            if (size < n) {
                heap[size] = item;
                siftUp(heap, size++);
            } else if (better(s, item, heap[0])) {
                heap[0] = item;
                siftDown(heap, size);
            }
        }
        Integer[] order = new Integer[size];
        for (int k = 0; k < size; k++) {
            order[k] = heap[k];
        }
        Arrays.sort(order, (a, b) -> better(scores[a], a, b) ? -1 : better(scores[b], b, a) ? 1 : 0);
        List<Recommendation.ScoredItem> result = new ArrayList<>(size);
        for (Integer item : order) {
            result.add(new Recommendation.ScoredItem(m.items.name(item), scores[item]));
        }
        clear();
        return result;
    }

    /** The first {@code n} entries of a sorted list that are not excluded and not categories; then clears. */
    List<Recommendation.ScoredItem> firstOf(ServiceModel.Neighbours sorted, int n, ServiceModel m) {
        List<Recommendation.ScoredItem> result = new ArrayList<>(Math.min(n, sorted.items.length));
        for (int k = 0; k < sorted.items.length && result.size() < n; k++) {
            int item = sorted.items[k];
            if (!excluded[item] && !m.category[item]) {
                result.add(new Recommendation.ScoredItem(m.items.name(item), sorted.weights[k]));
            }
        }
        clear();
        return result;
    }

    void clear() {
        for (int t = 0; t < touchedCount; t++) {
            scores[touched[t]] = 0f;
        }
        touchedCount = 0;
        for (int k = 0; k < excludedCount; k++) {
            excluded[excludedList[k]] = false;
        }
        excludedCount = 0;
    }

    /** Higher score first; ties by lower id, so answers are deterministic. */
    private boolean better(float s, int item, int other) {
        float o = scores[other];
        return s > o || (s == o && item < other);
    }

    private void siftUp(int[] heap, int k) {
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!better(scores[heap[parent]], heap[parent], heap[k])) {
                break;
            }
            int tmp = heap[k];
            heap[k] = heap[parent];
            heap[parent] = tmp;
            k = parent;
        }
    }

    private void siftDown(int[] heap, int size) {
        int k = 0;
        while (true) {
            int l = 2 * k + 1;
            int r = l + 1;
            int worst = k;
            if (l < size && better(scores[heap[worst]], heap[worst], heap[l])) {
                worst = l;
            }
            if (r < size && better(scores[heap[worst]], heap[worst], heap[r])) {
                worst = r;
            }
            if (worst == k) {
                return;
            }
            int tmp = heap[k];
            heap[k] = heap[worst];
            heap[worst] = tmp;
            k = worst;
        }
    }

    /** Which touched items may be answered. */
    @FunctionalInterface
    interface ItemFilter {
        boolean accept(int item);
    }
}
