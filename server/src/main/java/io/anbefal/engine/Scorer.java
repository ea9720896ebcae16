package io.anbefal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scratch space for one recommendation: a dense score array over items with the list of touched items (the
 * candidates the scoring step supplied), the items excluded for the request, and the {@link TopN} that takes
 * the answer. Instances are pooled, so a request allocates almost nothing.
 */
final class Scorer {

    float[] scores = new float[1024];
    int[] touched = new int[1024];
    int touchedCount;
    private boolean[] excluded = new boolean[1024];
    private int[] excludedList = new int[64];
    private int excludedCount;
    private final TopN topN = TopN.byScoreThenItem(16);
    /** What the request's steps read of the model ({@link Query#reads}); reset per request, not per step. */
    final ReadSet reads = new ReadSet();

    void reset(int items) {
        if (scores.length < items) {
            int n = Math.max(items, scores.length * 2);
            scores = new float[n];
            touched = new int[n];
            excluded = new boolean[n];
        }
    }

    /** Adds to an item's score; its first score makes it a candidate. */
    void add(int item, float score) {
        if (scores[item] == 0f) {
            touched[touchedCount++] = item;
            scores[item] = score == 0f ? Float.MIN_VALUE : score;
        } else {
            scores[item] += score;
        }
    }

    /** Leaves an item out of this request's answer, whatever its score. */
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

    /** The best {@code n} candidates that are not excluded and that {@code filter} allows, best first; then clears. */
    List<Recommendation.ScoredItem> top(int n, IdIndex names, CandidateFilter filter) {
        topN.reset(n);
        for (int t = 0; t < touchedCount; t++) {
            int item = touched[t];
            if (!excluded[item] && filter.allows(item)) {
                topN.offer(item, scores[item]);
            }
        }
        topN.sort();
        List<Recommendation.ScoredItem> result = new ArrayList<>(topN.size());
        for (int k = 0; k < topN.size(); k++) {
            result.add(new Recommendation.ScoredItem(names.name(topN.item(k)), topN.score(k)));
        }
        clear();
        return result;
    }

    /**
     * The first {@code n} entries of an already sorted list that are not excluded and that {@code filter} allows
     * (the top-N of a list that is its own ranking); then clears.
     */
    List<Recommendation.ScoredItem> firstOf(NeighbourLists.Sorted sorted, int n, IdIndex names, CandidateFilter filter) {
        List<Recommendation.ScoredItem> result = new ArrayList<>(Math.min(n, sorted.items.length));
        for (int k = 0; k < sorted.items.length && result.size() < n; k++) {
            int item = sorted.items[k];
            if (!excluded[item] && filter.allows(item)) {
                result.add(new Recommendation.ScoredItem(names.name(item), sorted.weights[k]));
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
}
