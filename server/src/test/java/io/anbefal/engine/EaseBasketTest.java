package io.anbefal.engine;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** EASE with basket-size priors: the closed form against each item's ridge regression solved directly. */
class EaseBasketTest {

    @Test
    void scoresEqualEachItemsRidgeRegressionOnAllOtherFeatures() {
        int n = 5;
        Random random = new Random(7);
        int[][] rows = new int[300][];
        for (int r = 0; r < rows.length; r++) {
            int[] row = new int[n];
            int size = 0;
            for (int i = 0; i < n; i++) {
                // correlated items: 1 follows 0, 3 avoids 2
                boolean in = i == 1 && size > 0 && row[0] == 0 ? random.nextDouble() < 0.8
                        : i == 3 && contains(row, size, 2) ? random.nextDouble() < 0.1 : random.nextDouble() < 0.4;
                if (in) {
                    row[size++] = i;
                }
            }
            rows[r] = java.util.Arrays.copyOf(row, size);
        }
        double lambda = 3;
        double sizeLambda = 2;
        EaseItemModel model = EaseItemModel.fit(n, rows, lambda, sizeLambda, 0);
        assertNotNull(model);
        int buckets = EaseItemModel.SIZE_BOUNDS.length + 1;
        int[] basket = {0, 2};
        Scorer scorer = new Scorer();
        scorer.reset(n);
        model.score(basket, basket.length, scorer);
        for (int j : new int[] {1, 3, 4}) {
            // features for target j: every item but j, and the size buckets; solve (X'X + penalties) b = X'y directly
            int m = n - 1 + buckets;
            double[][] a = new double[m][m + 1];
            for (int[] row : rows) {
                double[] x = features(row, row.length, j, n, buckets);
                double y = contains(row, row.length, j) ? 1 : 0;
                for (int p = 0; p < m; p++) {
                    for (int q = 0; q < m; q++) {
                        a[p][q] += x[p] * x[q];
                    }
                    a[p][m] += x[p] * y;
                }
            }
            for (int p = 0; p < m; p++) {
                a[p][p] += p < n - 1 ? lambda : sizeLambda;
            }
            double[] b = solve(a);
            double[] x = features(basket, basket.length, j, n, buckets);
            // the completed basket's size bucket: the basket plus the candidate
            java.util.Arrays.fill(x, n - 1, m, 0);
            x[n - 1 + EaseItemModel.bucket(basket.length + 1)] = 1;
            double expected = 0;
            for (int p = 0; p < m; p++) {
                expected += x[p] * b[p];
            }
            assertEquals(expected, scorer.scores[j], 1e-4, "item " + j);
        }
    }

    private static double[] features(int[] row, int size, int target, int n, int buckets) {
        double[] x = new double[n - 1 + buckets];
        for (int k = 0; k < size; k++) {
            int i = row[k];
            if (i != target) {
                x[i < target ? i : i - 1] = 1;
            }
        }
        x[n - 1 + EaseItemModel.bucket(size)] = 1;
        return x;
    }

    private static boolean contains(int[] values, int size, int value) {
        for (int k = 0; k < size; k++) {
            if (values[k] == value) {
                return true;
            }
        }
        return false;
    }

    /** Gaussian elimination with partial pivoting of an augmented matrix. */
    private static double[] solve(double[][] a) {
        int m = a.length;
        for (int c = 0; c < m; c++) {
            int pivot = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < m; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k <= m; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] x = new double[m];
        for (int r = 0; r < m; r++) {
            x[r] = a[r][m] / a[r][r];
        }
        return x;
    }
}
