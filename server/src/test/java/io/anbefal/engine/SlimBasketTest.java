package io.anbefal.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Non-negative SLIM with basket-size priors: the fitted weights against the optimality (KKT) conditions of each
 * item's elastic-net problem, computed directly from the rows; and a planted complement.
 */
class SlimBasketTest {

    private static final int BUCKETS = EaseItemModel.SIZE_BOUNDS.length + 1;

    /** 1 follows 0, 3 avoids 2, 5 follows 4; the rest at random. */
    private static int[][] rows(int count, int n, long seed) {
        Random random = new Random(seed);
        int[][] rows = new int[count][];
        for (int r = 0; r < count; r++) {
            boolean[] in = new boolean[n];
            for (int i = 0; i < n; i++) {
                double p = i == 1 && in[0] ? 0.8 : i == 3 && in[2] ? 0.05 : i == 5 && in[4] ? 0.9 : 0.35;
                in[i] = random.nextDouble() < p;
            }
            rows[r] = java.util.stream.IntStream.range(0, n).filter(i -> in[i]).toArray();
        }
        return rows;
    }

    @Test
    void weightsSatisfyEachItemsNonNegativeElasticNetOptimality() {
        int n = 7;
        int[][] rows = rows(400, n, 11);
        double l1 = 2;
        double l2 = 5;
        double sizeLambda = 3;
        SlimItemModel model = SlimItemModel.fit(n, rows, l1, l2, sizeLambda, 0);
        int zeros = 0;
        for (int target = 0; target < n; target++) {
            int j = target;
            // the residual of j's regression, row by row, from the fitted weights
            double[] c = new double[n + BUCKETS];
            for (int[] row : rows) {
                int bucket = n + EaseItemModel.bucket(row.length);
                double prediction = model.weight(bucket, j);
                for (int i : row) {
                    prediction += model.weight(i, j);
                }
                double residual = (Arrays.stream(row).anyMatch(i -> i == j) ? 1 : 0) - prediction;
                for (int i : row) {
                    c[i] += residual;
                }
                c[bucket] += residual;
            }
            assertEquals(0f, model.weight(j, j), "no item predicts itself");
            for (int k = 0; k < n; k++) {
                if (k == j) {
                    continue;
                }
                float w = model.weight(k, j);
                assertTrue(w >= 0, "non-negative: W(" + k + "," + j + ") = " + w);
                if (w > 0) {
                    assertEquals(l1, c[k] - l2 * w, 1e-3, "stationary at W(" + k + "," + j + ")");
                } else {
                    zeros++;
                    assertTrue(c[k] <= l1 + 1e-3, "zero is optimal for W(" + k + "," + j + "): " + c[k]);
                }
            }
            for (int b = n; b < n + BUCKETS; b++) {
                assertEquals(0, c[b] - sizeLambda * model.weight(b, j), 1e-3, "size prior " + b + " of " + j);
            }
        }
        assertTrue(zeros > 0, "some weights are held at zero by the constraint");
        assertEquals(0f, model.weight(2, 3), "2 keeps 3 away: no negative weight, zero");
    }

    @Test
    void ranksThePlantedComplementFirst() {
        int n = 7;
        SlimItemModel model = SlimItemModel.fit(n, rows(2000, n, 5), 0.5, 100, 50, 0);
        Scorer scorer = new Scorer();
        scorer.reset(n);
        model.score(new int[] {2, 4}, 2, scorer);
        int best = -1;
        for (int j = 0; j < n; j++) {
            if (j != 2 && j != 4 && (best < 0 || scorer.scores[j] > scorer.scores[best])) {
                best = j;
            }
        }
        assertEquals(5, best, "5 completes 4: " + Arrays.toString(Arrays.copyOf(scorer.scores, n)));
    }
}
