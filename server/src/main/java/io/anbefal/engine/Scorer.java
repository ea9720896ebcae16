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
    /** Scratch of {@link #firstOfVisit}: the positions of the excluded entries. */
    private int[] skipped = new int[16];
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

    /**
     * The best {@code n} candidates that are not excluded, of the right {@code kind} and that {@code rules} allow,
     * best first, each with its rank among the candidates of the kind before the rules (see
     * {@link Recommendation.ScoredItem#rank}). Leaves the scores in place for {@link #best}; {@link #clear} after.
     */
    List<Recommendation.ScoredItem> top(int n, IdIndex names, CandidateFilter kind, CandidateFilter rules, String origin) {
        topN.reset(n);
        for (int t = 0; t < touchedCount; t++) {
            int item = touched[t];
            if (!excluded[item] && kind.allows(item) && rules.allows(item)) {
                topN.offer(item, scores[item]);
            }
        }
        topN.sort();
        int size = topN.size();
        int[] ranks = new int[size];
        if (rules == CandidateFilter.ANY) {
            for (int k = 0; k < size; k++) {
                ranks[k] = k + 1;
            }
        } else if (size > 0) {
            ranks(kind, ranks);
        }
        List<Recommendation.ScoredItem> result = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            result.add(new Recommendation.ScoredItem(names.name(topN.item(k)), topN.score(k), ranks[k],
                    Recommendation.Placement.RANKED, origin));
        }
        return result;
    }

    /**
     * The rank of each of the top-N's items among every candidate of the kind (one pass: a candidate better than
     * the k-th kept item is better than every later one, so it counts from the first kept item it beats on).
     */
    private void ranks(CandidateFilter kind, int[] ranks) {
        int size = ranks.length;
        int[] from = new int[size + 1];
        for (int t = 0; t < touchedCount; t++) {
            int item = touched[t];
            if (excluded[item] || !kind.allows(item)) {
                continue;
            }
            float s = scores[item];
            int lo = 0;
            int hi = size;
            while (lo < hi) { // the first kept item that this candidate beats
                int mid = (lo + hi) >>> 1;
                if (better(item, s, topN.item(mid), topN.score(mid))) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            from[lo]++;
        }
        int better = 0;
        for (int k = 0; k < size; k++) {
            better += from[k];
            ranks[k] = better + 1;
        }
    }

    private static boolean better(int a, float sa, int b, float sb) {
        return sa > sb || (sa == sb && a < b);
    }

    /**
     * The best candidate (not excluded, of the kind) that {@code filter} allows and that is not among
     * {@code taken}, with its rank among the candidates of the kind; null when none.
     */
    Recommendation.ScoredItem best(IdIndex names, CandidateFilter kind, CandidateFilter filter,
                                   java.util.Set<String> taken, String origin) {
        int best = -1;
        for (int t = 0; t < touchedCount; t++) {
            int item = touched[t];
            if (!excluded[item] && kind.allows(item) && filter.allows(item) && !taken.contains(names.name(item))
                    && (best < 0 || better(item, scores[item], best, scores[best]))) {
                best = item;
            }
        }
        if (best < 0) {
            return null;
        }
        int rank = 1;
        for (int t = 0; t < touchedCount; t++) {
            int item = touched[t];
            if (!excluded[item] && kind.allows(item) && better(item, scores[item], best, scores[best])) {
                rank++;
            }
        }
        return new Recommendation.ScoredItem(names.name(best), scores[best], rank,
                Recommendation.Placement.FILTER_PIN, origin);
    }

    /**
     * The first {@code n} entries of an already sorted list that are not excluded, of the kind and that
     * {@code rules} allow (the top-N of a list that is its own ranking), each with its position among the list's
     * entries of the kind (its rank before the rules). {@link #clear} after.
     */
    List<Recommendation.ScoredItem> firstOf(NeighbourLists.Sorted sorted, int n, IdIndex names, CandidateFilter kind,
                                            CandidateFilter rules, String origin) {
        List<Recommendation.ScoredItem> result = new ArrayList<>(Math.min(n, sorted.items.length));
        int rank = 0;
        if (rules instanceof AllowedItems allowed) { // the same walk, the bitset tested in place (a hot loop)
            java.util.BitSet bits = allowed.bits;
            for (int k = 0; k < sorted.items.length && result.size() < n; k++) {
                int item = sorted.items[k];
                if (!excluded[item] && kind.allows(item) && ++rank > 0 && bits.get(item)) {
                    result.add(new Recommendation.ScoredItem(names.name(item), sorted.weights[k], rank,
                            Recommendation.Placement.RANKED, origin));
                }
            }
            return result;
        }
        for (int k = 0; k < sorted.items.length && result.size() < n; k++) {
            int item = sorted.items[k];
            if (!excluded[item] && kind.allows(item)) {
                rank++;
                if (rules.allows(item)) {
                    result.add(new Recommendation.ScoredItem(names.name(item), sorted.weights[k], rank,
                            Recommendation.Placement.RANKED, origin));
                }
            }
        }
        return result;
    }

    /** How many excluded entries {@link #firstOfVisit} looks up in a list without positions (each a scan of it). */
    static final int VISIT_EXCLUDED = 8;

    /** Whether {@link #firstOfVisit} may answer for this list (it finds the excluded entries' positions cheaply). */
    boolean visits(NeighbourLists.Sorted sorted) {
        return sorted.positions != null || excludedCount <= VISIT_EXCLUDED;
    }

    /**
     * {@link #firstOf} by visiting the list's allowed entries of the kind ({@link AllowedItems#visit}, found once
     * per list and filter) rather than walking the list: the same answer, ranks included. An entry's rank is its
     * index plus one, less the entries before it that are not of the kind and the excluded entries of the kind
     * before it (found through the list's positions, else by a scan of the list for each; see {@link #visits}).
     */
    List<Recommendation.ScoredItem> firstOfVisit(NeighbourLists.Sorted sorted, int n, IdIndex names,
                                                 ServiceModel model, boolean categories, AllowedItems allowed,
                                                 String origin) {
        AllowedItems.Visit visit = allowed.visit(sorted, model, categories);
        int[] at = visit.at();
        int[] others = visit.othersBefore();
        int[] items = sorted.items;
        int[] positions = sorted.positions;
        if (skipped.length < excludedCount) {
            skipped = new int[Math.max(excludedCount, skipped.length * 2)];
        }
        int skips = 0;
        for (int k = 0; k < excludedCount; k++) {
            int item = excludedList[k];
            if (model.isCategory(item) != categories) {
                continue; // not counted by a rank anyway
            }
            int p = positions != null ? (item < positions.length ? positions[item] : -1) : indexOf(items, item);
            if (p >= 0) {
                skipped[skips++] = p;
            }
        }
        Arrays.sort(skipped, 0, skips);
        List<Recommendation.ScoredItem> result = new ArrayList<>(Math.min(n, at.length));
        for (int k = 0, s = 0; k < at.length && result.size() < n; k++) {
            int p = at[k];
            int item = items[p];
            if (excluded[item]) {
                continue;
            }
            while (s < skips && skipped[s] < p) {
                s++;
            }
            result.add(new Recommendation.ScoredItem(names.name(item), sorted.weights[p], p + 1 - others[k] - s,
                    Recommendation.Placement.RANKED, origin));
        }
        return result;
    }

    private static int indexOf(int[] items, int item) {
        for (int k = 0; k < items.length; k++) {
            if (items[k] == item) {
                return k;
            }
        }
        return -1;
    }

    /** The first entry of a sorted list (not excluded, of the kind) that {@code filter} allows, not in {@code taken}. */
    Recommendation.ScoredItem firstOf(NeighbourLists.Sorted sorted, IdIndex names, CandidateFilter kind,
                                      CandidateFilter filter, java.util.Set<String> taken, String origin) {
        int rank = 0;
        for (int k = 0; k < sorted.items.length; k++) {
            int item = sorted.items[k];
            if (!excluded[item] && kind.allows(item)) {
                rank++;
                if (filter.allows(item) && !taken.contains(names.name(item))) {
                    return new Recommendation.ScoredItem(names.name(item), sorted.weights[k], rank,
                            Recommendation.Placement.FILTER_PIN, origin);
                }
            }
        }
        return null;
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
