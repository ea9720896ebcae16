package io.anbefal.engine;

/**
 * A linear basket model with basket-size priors, as {@link EaseItemModel} and {@link SlimItemModel} fit it: the
 * score of j is the size bucket's prior for j plus the sum of {@code W(i,j)} over the basket's items i.
 */
abstract class SizedLinearBasketModel extends BasketModel {

    /** Basket size buckets: [1,5), [5,10), [10,15), [15,20), [20,30), [30,...). */
    static final int[] SIZE_BOUNDS = {5, 10, 15, 20, 30};
    static final int BUCKETS = SIZE_BOUNDS.length + 1;

    /** How many items the model knows: the engine's dense ids below this. */
    final int n;
    /** {@code W(i,j)} at {@code i * n + j}; rows {@code n .. n + BUCKETS - 1} are the size buckets' priors. */
    final float[] weights;

    SizedLinearBasketModel(int n, float[] weights, long events, long fitNanos) {
        super(events, fitNanos);
        this.n = n;
        this.weights = weights;
    }

    /** The bucket of a completed basket of that size. */
    static int bucket(int size) {
        int b = 0;
        while (b < SIZE_BOUNDS.length && size >= SIZE_BOUNDS[b]) {
            b++;
        }
        return b;
    }

    /**
     * Adds the Gram matrix {@code X'X} of the rows to {@code g} ({@code (n + BUCKETS)^2}, row-major), where a row's
     * features are its items and its size bucket.
     */
    static void addGram(int n, int[][] rows, double[] g) {
        int m = n + BUCKETS;
        int[] features = new int[0];
        for (int[] row : rows) {
            if (features.length < row.length + 1) {
                features = new int[row.length + 1];
            }
            System.arraycopy(row, 0, features, 0, row.length);
            features[row.length] = n + bucket(row.length);
            int count = row.length + 1;
            for (int a = 0; a < count; a++) {
                int base = features[a] * m;
                for (int b = 0; b < count; b++) {
                    g[base + features[b]] += 1;
                }
            }
        }
    }

    @Override
    final void score(int[] basket, int basketSize, Scorer scorer) {
        float[] z = new float[n];
        int known = 0;
        for (int k = 0; k < basketSize; k++) {
            int i = basket[k];
            if (i < n) {
                known++;
                int base = i * n;
                for (int j = 0; j < n; j++) {
                    z[j] += weights[base + j];
                }
            }
        }
        int base = (n + bucket(known + 1)) * n;
        for (int j = 0; j < n; j++) {
            scorer.add(j, z[j] + weights[base + j]);
        }
    }
}
