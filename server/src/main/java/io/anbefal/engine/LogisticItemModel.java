package io.anbefal.engine;

/**
 * Basket completion by item-item logistic regression: for every item j, the log-odds that j is in a basket given
 * the basket's other items, {@code z(j) = b(j) + sum over basket items i of W(i,j)}, with {@code W(j,j) = 0}.
 * This is SLIM (Ning and Karypis, "SLIM: Sparse Linear Methods for Top-N Recommender Systems", ICDM 2011) with
 * the squared loss replaced by the logistic loss of each item's presence, and an L2 penalty instead of the
 * elastic net; the per-item intercept plays the role of popularity. It is fitted by full-batch gradient descent
 * from zero over every person's set of items (a fixed number of steps, which also regularises).
 * <p>
 * The model is a dense {@code n x n} matrix, so it is only built for services with few items (a supermarket's
 * departments, a catalogue's categories); immutable once built, so readers share it without locks.
 */
final class LogisticItemModel extends BasketModel {

    /** How many items the model knows: the engine's dense ids below this. */
    final int n;
    /** {@code W(i,j)} at {@code i * n + j}. */
    private final float[] weights;
    private final float[] bias;

    private LogisticItemModel(int n, float[] weights, float[] bias, long events, long fitNanos) {
        super(events, fitNanos);
        this.n = n;
        this.weights = weights;
        this.bias = bias;
    }

    /** The multiply-adds a fit costs: two passes over every row's items times n, per iteration. */
    static double cost(int n, long nonZeros, int iterations) {
        return 2.0 * nonZeros * n * iterations;
    }

    /**
     * Fits the model.
     *
     * @param n            number of items (dense ids 0..n-1)
     * @param rows         each person's distinct items
     * @param l2           L2 penalty, relative to the number of rows
     * @param iterations   gradient steps
     * @param learningRate step size
     * @param events       the service's event count the rows reflect
     */
    static LogisticItemModel fit(int n, int[][] rows, double l2, int iterations, double learningRate, long events) {
        long start = System.nanoTime();
        float[] w = new float[n * n];
        float[] b = new float[n];
        float[] gw = new float[n * n];
        double[] gb = new double[n];
        float[] g = new float[n];
        int rowCount = rows.length;
        float shrink = (float) (1 - learningRate * l2 / rowCount);
        float step = (float) (learningRate / rowCount);
        for (int it = 0; it < iterations; it++) {
            java.util.Arrays.fill(gw, 0f);
            java.util.Arrays.fill(gb, 0);
            for (int[] row : rows) {
                System.arraycopy(b, 0, g, 0, n);
                for (int i : row) {
                    int base = i * n;
                    for (int j = 0; j < n; j++) {
                        g[j] += w[base + j];
                    }
                }
                for (int j = 0; j < n; j++) {
                    g[j] = (float) (1 / (1 + Math.exp(-g[j])));
                }
                for (int i : row) {
                    g[i] -= 1f;
                }
                for (int j = 0; j < n; j++) {
                    gb[j] += g[j];
                }
                for (int i : row) {
                    int base = i * n;
                    for (int j = 0; j < n; j++) {
                        gw[base + j] += g[j];
                    }
                }
            }
            for (int k = 0; k < w.length; k++) {
                w[k] = w[k] * shrink - step * gw[k];
            }
            for (int j = 0; j < n; j++) {
                w[j * n + j] = 0f;
                b[j] -= (float) (learningRate * gb[j] / rowCount);
            }
        }
        return new LogisticItemModel(n, w, b, events, System.nanoTime() - start);
    }

    /**
     * Adds {@code sigmoid(z(j))}, the probability that j completes the basket, for every item j the model knows.
     * Basket items the model does not know (new since it was built) are left out of the sum.
     */
    @Override
    void score(int[] basket, int basketSize, Scorer scorer) {
        float[] z = new float[n];
        System.arraycopy(bias, 0, z, 0, n);
        for (int k = 0; k < basketSize; k++) {
            int i = basket[k];
            if (i < n) {
                int base = i * n;
                for (int j = 0; j < n; j++) {
                    z[j] += weights[base + j];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            scorer.add(j, (float) (1 / (1 + Math.exp(-z[j]))));
        }
    }



}
