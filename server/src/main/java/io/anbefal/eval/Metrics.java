package io.anbefal.eval;

import java.util.List;

/** Hit rate and NDCG at a cut-off, accumulated over test cases. */
public final class Metrics {

    private final int k;
    private double hits;
    private double ndcg;
    private int cases;

    public Metrics(int k) {
        this.k = k;
    }

    /** Records one test case: the ranked answer and the one held-out item. */
    public void add(List<String> ranked, String heldOut) {
        cases++;
        int rank = ranked.subList(0, Math.min(k, ranked.size())).indexOf(heldOut);
        if (rank >= 0) {
            hits++;
            ndcg += 1 / (Math.log(rank + 2) / Math.log(2));
        }
    }

    public double hitRate() {
        return cases == 0 ? 0 : hits / cases;
    }

    public double ndcg() {
        return cases == 0 ? 0 : ndcg / cases;
    }

    public int cases() {
        return cases;
    }
}
