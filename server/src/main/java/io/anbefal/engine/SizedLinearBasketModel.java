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
