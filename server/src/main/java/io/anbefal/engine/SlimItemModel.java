package io.anbefal.engine;

/**
 * Basket completion by SLIM (Ning and Karypis, "SLIM: Sparse Linear Methods for Top-N Recommender Systems",
 * ICDM 2011): for every item j, the elastic-net regression of j's column on the other items, with non-negative
 * weights and {@code W(j,j) = 0},
 * <pre>
 *     minimise 1/2 |x_j - X w|^2 + l1 |w|_1 + l2/2 |w|^2   subject to w >= 0, w_j = 0,
 * </pre>
 * solved exactly (to a tolerance) by cyclic coordinate descent on the Gram matrix {@code G = X'X}, the
 * "covariance updates" of Friedman, Hastie and Tibshirani ("Regularization Paths for Generalized Linear Models via
 * Coordinate Descent", J. Stat. Softw. 2010): a weight's update needs only its column of G and a residual
 * correlation vector, so the persons' rows are read once, to build G.
 * <p>
 * As in {@link EaseItemModel}, the input also carries the completed basket's size as one of
 * {@link SizedLinearBasketModel#SIZE_BOUNDS}'s buckets, a one-hot feature with its own ridge penalty ({@code sizeLambda}),
 * signed and without the L1 term, so each size gets a row of item priors. Without the sign constraint and with
 * {@code l1 = 0} this is exactly EASE with size priors (the bench's BasketRerankExperiment checks that); the
 * constraint is what differs: an item can only raise another's score, never lower it, which on the supermarket
 * validation splits was worth 0.25 points of leave-one-out HR@10 (0.5830 to 0.5855, mean of four seeds) and
 * 0.46 points on the four test splits (0.5775 to 0.5821); see docs/engine.md. The price is that exclusions
 * (two items that never go together) are not learnt beyond the size priors.
 * <p>
 * The fit costs the Gram matrix plus at most {@link #MAX_SWEEPS} sweeps of {@code n} targets over
 * {@code (n + buckets)} coordinates, each changed coordinate updating {@code n + buckets} residuals; on the
 * supermarket's 122 departments it takes some 0.1-0.3 s.
 */
final class SlimItemModel extends SizedLinearBasketModel {

    /** At most this many coordinate-descent sweeps per item. */
    static final int MAX_SWEEPS = 100;
    /** A target's descent stops when no weight changed by more than this in a sweep. */
    static final double TOLERANCE = 1e-6;


    private SlimItemModel(int n, float[] weights, long events, long fitNanos) {
        super(n, weights, events, fitNanos);
    }

    /** The floating-point work a fit may cost at most: the Gram matrix, then every sweep updating every residual. */
    static double cost(int n, int[][] rows) {
        double gram = 0;
        for (int[] row : rows) {
            gram += (double) (row.length + 1) * (row.length + 1);
        }
        double m = n + BUCKETS;
        return gram + (double) n * m * m * MAX_SWEEPS;
    }

    /**
     * Fits the model.
     *
     * @param n          number of items (dense ids 0..n-1)
     * @param rows       each person's distinct items
     * @param l1         L1 penalty of the item weights
     * @param l2         L2 penalty of the item weights
     * @param sizeLambda ridge penalty of the size buckets' priors
     * @param events     the service's event count the rows reflect
     * @return the model
     */
    static SlimItemModel fit(int n, int[][] rows, double l1, double l2, double sizeLambda, long events) {
        long start = System.nanoTime();
        int m = n + BUCKETS;
        double[] g = new double[m * m];
        addGram(n, rows, g);
        float[] w = new float[m * n];
        double[] col = new double[m];
        double[] r = new double[m];
        for (int j = 0; j < n; j++) {
            // r(k) = G(k,j) - sum_l G(k,l) col(l): the correlation of feature k with the residual
            java.util.Arrays.fill(col, 0);
            for (int k = 0; k < m; k++) {
                r[k] = g[k * m + j];
            }
            for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
                double change = 0;
                for (int k = 0; k < m; k++) {
                    if (k == j) {
                        continue;
                    }
                    double gkk = g[k * m + k];
                    double rho = r[k] + gkk * col[k];
                    double next = k < n ? Math.max(0, rho - l1) / (gkk + l2) : rho / (gkk + sizeLambda);
                    double d = next - col[k];
                    if (d != 0) {
                        int base = k * m; // G is symmetric: row k is column k
                        for (int q = 0; q < m; q++) {
                            r[q] -= g[base + q] * d;
                        }
                        col[k] = next;
                        change = Math.max(change, Math.abs(d));
                    }
                }
                if (change < TOLERANCE) {
                    break;
                }
            }
            for (int k = 0; k < m; k++) {
                w[k * n + j] = (float) col[k];
            }
        }
        return new SlimItemModel(n, w, events, System.nanoTime() - start);
    }

    /** The fitted weight of feature {@code i} (an item, or {@code n + bucket}) for item {@code j}. */
    float weight(int i, int j) {
        return weights[i * n + j];
    }

    /**
     * Adds, for every item j the model knows, the size bucket's prior plus the sum of the basket items' weights
     * for j; the bucket is that of the completed basket (the given items the model knows, plus one), as in
     * training, where every row is a whole basket.
     */
}
