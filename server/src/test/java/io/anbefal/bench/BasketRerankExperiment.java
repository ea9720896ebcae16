package io.anbefal.bench;

import io.anbefal.eval.Datasets;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Experiment (test scope, not served): basket completion on the supermarket data with the split and hidden items of
 * {@code Protocols.baskets} reproduced exactly (SLIM here gives the engine's figures to the fourth digit; EASE one test basket fewer on seed 42), for the
 * models of docs/engine.md's 2026-12-01 table: {@code ease} (EASE with size priors), {@code easex} (the same with
 * item x size-band interactions, row weights by size, popularity-scaled penalties), {@code logit} (the logistic
 * item model, optionally with size priors), {@code rp3} (RP3beta), {@code slim} (SLIM elastic net by coordinate
 * descent, non-negative or signed, with size priors; {@code SlimItemModel} is its served form) and {@code rerank}
 * (a gradient-boosted re-ranker of EASE's top candidates trained on out-of-fold leave-one-out examples of the
 * training baskets, with a small histogram GBDT written here).
 * <p>
 * Scores: "val1" is the protocol's own validation figure (one hidden item per validation basket), "valLOO" hides
 * every item of every validation basket in turn, each basket weighted equally (the tuning score of docs/engine.md).
 * With {@code test} as first argument the test split is scored instead (look once). With {@code insample=1} the
 * evaluated baskets, answers included, are learnt too: the ceiling of a model family on these data.
 * Arguments: {@code val|test seeds... [models=a,b] [key=value...]}, e.g.
 * {@code val 42 1 2 3 models=ease,slim l1=0.5 l2=100 sizeLambda=50}.
 */
public final class BasketRerankExperiment {

    static final int[] SIZE_BOUNDS = {5, 10, 15, 20, 30};
    static final int BUCKETS = SIZE_BOUNDS.length + 1;

    static Map<String, String> opts = new HashMap<>();

    static double opt(String k, double d) {
        return opts.containsKey(k) ? Double.parseDouble(opts.get(k)) : d;
    }

    private BasketRerankExperiment() {
    }

    // ---------------------------------------------------------------- data and split

    record Split(int n, int[][] train, List<int[]> eval, int[] hidden, int[][] evalRest) {
    }

    static Split split(Map<String, List<String>> all, boolean validation, long seed) {
        io.anbefal.eval.Protocols.BasketSplit protocol = io.anbefal.eval.Protocols.basketSplit(all, validation, seed);
        List<String> train = protocol.train();
        List<String> test = protocol.test();
        Map<String, Integer> dense = new HashMap<>();
        int[][] rows = new int[train.size()][];
        for (int r = 0; r < train.size(); r++) {
            List<String> b = all.get(train.get(r));
            rows[r] = new int[b.size()];
            for (int k = 0; k < b.size(); k++) {
                rows[r][k] = dense.computeIfAbsent(b.get(k), x -> dense.size());
            }
        }
        Random hide = new Random(seed + 1);
        List<int[]> eval = new ArrayList<>();
        List<Integer> hidden = new ArrayList<>();
        List<int[]> rests = new ArrayList<>();
        for (String b : test) {
            List<String> basket = all.get(b);
            if (basket.size() < 2) {
                continue;
            }
            String h = basket.get(hide.nextInt(basket.size()));
            int[] full = basket.stream().mapToInt(d -> dense.getOrDefault(d, -1)).toArray();
            eval.add(full);
            hidden.add(dense.getOrDefault(h, -1));
            rests.add(basket.stream().filter(d -> !d.equals(h) && dense.containsKey(d)).mapToInt(dense::get).toArray());
        }
        return new Split(dense.size(), rows, eval, hidden.stream().mapToInt(Integer::intValue).toArray(),
                rests.toArray(new int[0][]));
    }

    static int bucket(int size) {
        int b = 0;
        while (b < SIZE_BOUNDS.length && size >= SIZE_BOUNDS[b]) {
            b++;
        }
        return b;
    }

    // ---------------------------------------------------------------- base models

    /** EASE with size priors, as EaseItemModel. w[(i)*n + j], rows n.. are the bucket priors. */
    static final class Ease {
        final int n;
        final double[] w;

        Ease(int n, int[][] rows, double lambda, double sizeLambda) {
            this.n = n;
            int m = n + BUCKETS;
            DMatrixRMaj gram = new DMatrixRMaj(m, m);
            double[] g = gram.data;
            for (int[] row : rows) {
                int[] f = Arrays.copyOf(row, row.length + 1);
                f[row.length] = n + bucket(row.length);
                for (int a : f) {
                    for (int b : f) {
                        g[a * m + b] += 1;
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                g[i * m + i] += i < n ? lambda : sizeLambda;
            }
            LinearSolverDense<DMatrixRMaj> ch = LinearSolverFactory_DDRM.symmPosDef(m);
            if (!ch.setA(gram)) {
                throw new IllegalStateException();
            }
            DMatrixRMaj inv = new DMatrixRMaj(m, m);
            ch.invert(inv);
            double[] p = inv.data;
            w = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        w[i * n + j] = -p[i * m + j] / p[j * m + j];
                    }
                }
            }
        }

        double[] score(int[] rest) {
            double[] z = new double[n];
            for (int i : rest) {
                for (int j = 0; j < n; j++) {
                    z[j] += w[i * n + j];
                }
            }
            int base = (n + bucket(rest.length + 1)) * n;
            for (int j = 0; j < n; j++) {
                z[j] += w[base + j];
            }
            return z;
        }
    }

    /**
     * EASE with item x size-band interactions: features are the items, a copy of the items per size band of the
     * completed basket (a deviation from the global weight with its own penalty lambdaX), and the size buckets.
     * Target j excludes every copy of j (closed form: beta = -P[S,C] P[C,C]^-1 e_j). Rows weighted by size^-pow.
     */
    static final class EaseX {
        final int n;
        final int[] bands;
        final int nb;
        final int m;
        final double[] w;

        static int band(int[] bands, int size) {
            int b = 0;
            while (b < bands.length && size >= bands[b]) {
                b++;
            }
            return b;
        }

        EaseX(int n, int[][] rows, double lambda, double lambdaX, double sizeLambda, int[] bands, double pow) {
            this.n = n;
            this.bands = bands;
            nb = bands.length == 0 ? 0 : bands.length + 1;
            m = n * (1 + nb) + BUCKETS;
            DMatrixRMaj gram = new DMatrixRMaj(m, m);
            double[] g = gram.data;
            double total = 0;
            for (int[] row : rows) {
                int[] f = feats(row, row.length);
                double wt = Math.pow(row.length, -pow);
                total += wt;
                for (int a : f) {
                    for (int b : f) {
                        g[a * m + b] += wt;
                    }
                }
            }
            double scale = total / rows.length; // keep the penalties comparable
            double gamma = opt("gamma", 0);
            double meanCount = 0;
            for (int i = 0; i < n; i++) {
                meanCount += g[i * m + i] / n;
            }
            double[] diag = new double[m];
            for (int i = 0; i < m; i++) {
                diag[i] = g[i * m + i];
            }
            for (int i = 0; i < m; i++) {
                double pen = i < n ? lambda : i < n * (1 + nb) ? lambdaX : sizeLambda;
                if (i < n * (1 + nb) && gamma != 0) {
                    pen *= Math.pow((diag[i % n] + 1) / meanCount, gamma);
                }
                g[i * m + i] += scale * pen;
            }
            LinearSolverDense<DMatrixRMaj> ch = LinearSolverFactory_DDRM.symmPosDef(m);
            if (!ch.setA(gram)) {
                throw new IllegalStateException();
            }
            DMatrixRMaj inv = new DMatrixRMaj(m, m);
            ch.invert(inv);
            double[] p = inv.data;
            w = new double[m * n];
            int k = 1 + nb;
            for (int j = 0; j < n; j++) {
                int[] c = new int[k];
                for (int q = 0; q < k; q++) {
                    c[q] = j + q * n;
                }
                DMatrixRMaj pcc = new DMatrixRMaj(k, k);
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        pcc.set(a, b, p[c[a] * m + c[b]]);
                    }
                }
                org.ejml.dense.row.CommonOps_DDRM.invert(pcc);
                // column of pcc^-1 for e_j (j is c[0])
                double[] col = new double[k];
                for (int a = 0; a < k; a++) {
                    col[a] = pcc.get(a, 0);
                }
                for (int i = 0; i < m; i++) {
                    double v = 0;
                    for (int a = 0; a < k; a++) {
                        v += p[i * m + c[a]] * col[a];
                    }
                    w[i * n + j] = -v;
                }
                for (int a = 0; a < k; a++) {
                    w[c[a] * n + j] = 0;
                }
            }
        }

        int[] feats(int[] row, int len) {
            int[] f = new int[len * (nb > 0 ? 2 : 1) + 1];
            int q = 0;
            int bd = nb > 0 ? band(bands, len) : 0;
            for (int k = 0; k < len; k++) {
                f[q++] = row[k];
                if (nb > 0) {
                    f[q++] = row[k] + n * (1 + bd);
                }
            }
            f[q] = n * (1 + nb) + bucket(len);
            return f;
        }

        double[] score(int[] rest) {
            int[] full = Arrays.copyOf(rest, rest.length + 1);
            int[] f = feats(full, rest.length + 1);
            double[] z = new double[n];
            for (int k = 0; k < f.length; k++) {
                if (k == f.length - 1 || (nb > 0 ? k / 2 < rest.length : k < rest.length)) {
                    int base = f[k] * n;
                    for (int j = 0; j < n; j++) {
                        z[j] += w[base + j];
                    }
                }
            }
            return z;
        }
    }

    /**
     * The logistic item model (SLIM with a logistic loss, as LogisticItemModel) plus size-bucket priors V(bucket, j).
     * mode 0: no size; mode 1: bucket of the whole row in training, of rest + 1 at serving (EASE-style);
     * mode 2: bucket of the row's other items (|row| - x_j) in training, of rest at serving (a proper conditional).
     * Full-batch gradient descent with Nesterov momentum.
     */
    static final class Logit {
        final int n;
        final int mode;
        final float[] w;
        final float[] b;
        final float[] v;

        Logit(int n, int[][] rows, double l2, double l2v, int iterations, double lr, double momentum, int mode) {
            this.n = n;
            this.mode = mode;
            w = new float[n * n];
            b = new float[n];
            v = new float[BUCKETS * n];
            float[] mw = new float[n * n], mb = new float[n], mv = new float[BUCKETS * n];
            float[] gw = new float[n * n], gv = new float[BUCKETS * n];
            double[] gb = new double[n];
            float[] g = new float[n];
            boolean[] in = new boolean[n];
            int rc = rows.length;
            for (int it = 0; it < iterations; it++) {
                // Nesterov: evaluate the gradient at the look-ahead point
                float mu = (float) momentum;
                for (int k = 0; k < w.length; k++) {
                    w[k] += mu * mw[k];
                }
                for (int k = 0; k < v.length; k++) {
                    v[k] += mu * mv[k];
                }
                for (int j = 0; j < n; j++) {
                    b[j] += mu * mb[j];
                }
                Arrays.fill(gw, 0f);
                Arrays.fill(gv, 0f);
                Arrays.fill(gb, 0);
                for (int[] row : rows) {
                    System.arraycopy(b, 0, g, 0, n);
                    for (int i : row) {
                        in[i] = true;
                        int base = i * n;
                        for (int j = 0; j < n; j++) {
                            g[j] += w[base + j];
                        }
                    }
                    int bAll = bucket(row.length), bOthers = bucket(row.length - 1);
                    if (mode == 1) {
                        for (int j = 0; j < n; j++) {
                            g[j] += v[bAll * n + j];
                        }
                    } else if (mode == 2) {
                        for (int j = 0; j < n; j++) {
                            g[j] += v[(in[j] ? bOthers : bAll) * n + j];
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
                    if (mode == 1) {
                        for (int j = 0; j < n; j++) {
                            gv[bAll * n + j] += g[j];
                        }
                    } else if (mode == 2) {
                        for (int j = 0; j < n; j++) {
                            gv[(in[j] ? bOthers : bAll) * n + j] += g[j];
                        }
                    }
                    for (int i : row) {
                        in[i] = false;
                        int base = i * n;
                        for (int j = 0; j < n; j++) {
                            gw[base + j] += g[j];
                        }
                    }
                }
                float step = (float) (lr / rc);
                for (int k = 0; k < w.length; k++) {
                    float d = -step * (gw[k] + (float) l2 * w[k]);
                    w[k] += d;
                    mw[k] = mu * mw[k] + d;
                }
                for (int k = 0; k < v.length; k++) {
                    float d = -step * (gv[k] + (float) l2v * v[k]);
                    v[k] += d;
                    mv[k] = mu * mv[k] + d;
                }
                for (int j = 0; j < n; j++) {
                    w[j * n + j] = 0f;
                    mw[j * n + j] = 0f;
                    float d = (float) (-lr * gb[j] / rc);
                    b[j] += d;
                    mb[j] = mu * mb[j] + d;
                }
            }
        }

        double[] score(int[] rest) {
            double[] z = new double[n];
            for (int j = 0; j < n; j++) {
                z[j] = b[j];
            }
            for (int i : rest) {
                for (int j = 0; j < n; j++) {
                    z[j] += w[i * n + j];
                }
            }
            if (mode > 0) {
                int bk = bucket(mode == 1 ? rest.length + 1 : rest.length);
                for (int j = 0; j < n; j++) {
                    z[j] += v[bk * n + j];
                }
            }
            return z;
        }
    }

    /** RP3beta (Paudel et al. 2017): W(i,j) = sum_u (1/c_i)^a (1/|u|)^a [i,j in u] / c_j^b. */
    static double[] rp3(int n, int[][] rows, double alpha, double beta) {
        double[] c = new double[n];
        for (int[] row : rows) {
            for (int i : row) {
                c[i]++;
            }
        }
        double[] w = new double[n * n];
        for (int[] row : rows) {
            double pu = Math.pow(1.0 / row.length, alpha);
            for (int i : row) {
                for (int j : row) {
                    if (i != j) {
                        w[i * n + j] += pu;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[i * n + j] *= Math.pow(1.0 / Math.max(1, c[i]), alpha) / Math.pow(Math.max(1, c[j]), beta);
            }
        }
        return w;
    }

    /**
     * SLIM (Ning and Karypis 2011) with the elastic net, by coordinate descent on the Gram matrix, weights
     * non-negative (item features); the size buckets of EaseItemModel as extra features (any sign, L2 only).
     */
    static double[] slim(int n, int[][] rows, double l1, double l2, double sizeL2, int sweeps, boolean nonneg) {
        int m = n + BUCKETS;
        double[] g = new double[m * m];
        for (int[] row : rows) {
            int[] f = Arrays.copyOf(row, row.length + 1);
            f[row.length] = n + bucket(row.length);
            for (int a : f) {
                for (int b : f) {
                    g[a * m + b] += 1;
                }
            }
        }
        double[] w = new double[m * n];
        double[] r = new double[m];
        double[] col = new double[m];
        for (int j = 0; j < n; j++) {
            Arrays.fill(col, 0);
            for (int k = 0; k < m; k++) {
                r[k] = g[k * m + j]; // G_kj - sum_l G_kl w_l
            }
            for (int sweep = 0; sweep < sweeps; sweep++) {
                double change = 0;
                for (int k = 0; k < m; k++) {
                    if (k == j) {
                        continue;
                    }
                    boolean item = k < n;
                    double rho = r[k] + g[k * m + k] * col[k];
                    double nw;
                    if (item) {
                        nw = Math.signum(rho) * Math.max(0, Math.abs(rho) - l1) / (g[k * m + k] + l2);
                        if (nonneg && nw < 0) {
                            nw = 0;
                        }
                    } else {
                        nw = rho / (g[k * m + k] + sizeL2);
                    }
                    double d = nw - col[k];
                    if (d != 0) {
                        for (int q = 0; q < m; q++) {
                            r[q] -= g[q * m + k] * d;
                        }
                        col[k] = nw;
                        change = Math.max(change, Math.abs(d));
                    }
                }
                if (change < 1e-6) {
                    break;
                }
            }
            for (int k = 0; k < m; k++) {
                w[k * n + j] = col[k];
            }
        }
        return w;
    }

    static double[] linearScore(double[] w, int n, int[] rest, boolean buckets) {
        double[] z = new double[n];
        for (int i : rest) {
            for (int j = 0; j < n; j++) {
                z[j] += w[i * n + j];
            }
        }
        if (buckets) {
            int base = (n + bucket(rest.length + 1)) * n;
            for (int j = 0; j < n; j++) {
                z[j] += w[base + j];
            }
        }
        return z;
    }

    /** Co-occurrence counts and per-item statistics. */
    static final class Counts {
        final int n;
        final int persons;
        final double[] c;
        final double[] cc;
        final double[] meanSize;

        Counts(int n, int[][] rows) {
            this.n = n;
            persons = rows.length;
            c = new double[n];
            cc = new double[n * n];
            meanSize = new double[n];
            for (int[] row : rows) {
                for (int a : row) {
                    c[a]++;
                    meanSize[a] += row.length;
                    for (int b : row) {
                        cc[a * n + b]++;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                meanSize[i] = c[i] == 0 ? 0 : meanSize[i] / c[i];
            }
        }
    }

    // ---------------------------------------------------------------- features

    static final int F = 19;

    /** Features of the candidates (rows of out), given the basket rest, EASE's scores and the candidates' order. */
    static void features(Ease ease, Counts cnt, int[] rest, double[] z, int[] cands, int nc, float[][] out, int off) {
        int n = ease.n;
        double top = z[cands[0]];
        int pb = (n + bucket(rest.length + 1)) * n;
        double logN = Math.log(cnt.persons);
        for (int r = 0; r < nc; r++) {
            int j = cands[r];
            double cj = cnt.c[j] + 1;
            double maxConf = 0, sumConf = 0, maxLift = -99, sumLift = 0, maxCos = 0, sumCos = 0, maxB = -99, minB = 99;
            double sumRev = 0, pos = 0;
            for (int i : rest) {
                double cij = cnt.cc[i * n + j];
                double ci = cnt.c[i] + 1;
                double conf = cij / ci;
                double lift = Math.log((cij + 1) * cnt.persons / (ci * cj));
                double cos = cij / Math.sqrt(ci * cj);
                double b = ease.w[i * n + j];
                maxConf = Math.max(maxConf, conf);
                sumConf += conf;
                maxLift = Math.max(maxLift, lift);
                sumLift += lift;
                maxCos = Math.max(maxCos, cos);
                sumCos += cos;
                maxB = Math.max(maxB, b);
                minB = Math.min(minB, b);
                sumRev += cij / cj;
                if (lift > 0) {
                    pos++;
                }
            }
            int s = Math.max(1, rest.length);
            float[] f = out[off + r];
            f[0] = (float) z[j];
            f[1] = r;
            f[2] = (float) (z[j] - ease.w[pb + j]);
            f[3] = (float) ease.w[pb + j];
            f[4] = (float) (Math.log(cj) - logN);
            f[5] = rest.length;
            f[6] = (float) cnt.meanSize[j];
            f[7] = (float) (rest.length + 1 - cnt.meanSize[j]);
            f[8] = (float) maxConf;
            f[9] = (float) (sumConf / s);
            f[10] = (float) maxLift;
            f[11] = (float) (sumLift / s);
            f[12] = (float) maxCos;
            f[13] = (float) (sumCos / s);
            f[14] = (float) maxB;
            f[15] = (float) minB;
            f[16] = (float) (sumRev / s);
            f[17] = (float) (pos / s);
            f[18] = (float) (top - z[j]);
        }
    }

    /** The items not in rest, by EASE score descending; the first nc. */
    static int[] top(double[] z, int[] rest, int nc) {
        boolean[] in = new boolean[z.length];
        for (int i : rest) {
            in[i] = true;
        }
        Integer[] order = new Integer[z.length];
        for (int j = 0; j < z.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(z[b], z[a]));
        int[] out = new int[Math.min(nc, z.length - rest.length)];
        int k = 0;
        for (int j : order) {
            if (!in[j] && k < out.length) {
                out[k++] = j;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- GBDT

    /** A small histogram GBDT: depth-limited trees, Newton leaves, softmax-per-query or logistic loss. */
    static final class Gbdt {
        final int bins;
        float[][] cuts;
        // trees: per tree arrays of nodes
        final List<int[]> feat = new ArrayList<>();
        final List<float[]> thr = new ArrayList<>();
        final List<float[]> val = new ArrayList<>();
        final int depth;

        Gbdt(int depth, int bins) {
            this.depth = depth;
            this.bins = bins;
        }

        double base;

        double predict(float[] x) {
            double s = base * x[0];
            for (int t = 0; t < feat.size(); t++) {
                int[] fe = feat.get(t);
                float[] th = thr.get(t);
                int node = 0;
                for (int d = 0; d < depth; d++) {
                    int f = fe[node];
                    node = 2 * node + (f < 0 || x[f] <= th[node] ? 1 : 2);
                }
                s += val.get(t)[node - ((1 << depth) - 1)];
            }
            return s;
        }

        /** groups[q] = first row of query q; groups[nq] = rows. */
        void fit(float[][] x, byte[] y, int[] groups, boolean softmax, int trees, double lr, double l2,
                 double minHess, double subsample, long seed) {
            int rows = x.length;
            int nf = x[0].length;
            cuts = new float[nf][];
            byte[][] bx = new byte[nf][rows];
            Random rnd = new Random(seed);
            for (int f = 0; f < nf; f++) {
                float[] sample = new float[Math.min(rows, 20000)];
                for (int k = 0; k < sample.length; k++) {
                    sample[k] = x[rnd.nextInt(rows)][f];
                }
                Arrays.sort(sample);
                float[] c = new float[bins - 1];
                int nc = 0;
                for (int b = 1; b < bins; b++) {
                    float v = sample[(int) ((long) b * (sample.length - 1) / bins)];
                    if (nc == 0 || v > c[nc - 1]) {
                        c[nc++] = v;
                    }
                }
                cuts[f] = Arrays.copyOf(c, nc);
                for (int r = 0; r < rows; r++) {
                    int lo = Arrays.binarySearch(cuts[f], x[r][f]);
                    bx[f][r] = (byte) (lo >= 0 ? lo : -lo - 1);
                }
            }
            double[] score = new double[rows];
            for (int r = 0; r < rows; r++) {
                score[r] = base * x[r][0];
            }
            double[] g = new double[rows];
            double[] h = new double[rows];
            int[] node = new int[rows];
            int nq = groups.length - 1;
            int leaves = 1 << depth;
            for (int t = 0; t < trees; t++) {
                // gradients
                if (softmax) {
                    for (int q = 0; q < nq; q++) {
                        double mx = -1e300;
                        for (int r = groups[q]; r < groups[q + 1]; r++) {
                            mx = Math.max(mx, score[r]);
                        }
                        double sum = 0;
                        for (int r = groups[q]; r < groups[q + 1]; r++) {
                            sum += Math.exp(score[r] - mx);
                        }
                        for (int r = groups[q]; r < groups[q + 1]; r++) {
                            double p = Math.exp(score[r] - mx) / sum;
                            g[r] = p - y[r];
                            h[r] = Math.max(p * (1 - p), 1e-6);
                        }
                    }
                } else {
                    for (int r = 0; r < rows; r++) {
                        double p = 1 / (1 + Math.exp(-score[r]));
                        g[r] = p - y[r];
                        h[r] = Math.max(p * (1 - p), 1e-6);
                    }
                }
                boolean[] use = new boolean[rows];
                if (softmax) {
                    for (int q = 0; q < nq; q++) {
                        boolean u = rnd.nextDouble() < subsample;
                        for (int r = groups[q]; r < groups[q + 1]; r++) {
                            use[r] = u;
                        }
                    }
                } else {
                    for (int r = 0; r < rows; r++) {
                        use[r] = rnd.nextDouble() < subsample;
                    }
                }
                Arrays.fill(node, 0);
                int[] fe = new int[leaves - 1];
                float[] th = new float[leaves - 1];
                Arrays.fill(fe, -1);
                for (int d = 0; d < depth; d++) {
                    int first = (1 << d) - 1;
                    int width = 1 << d;
                    double[][] hg = new double[width * nf][bins];
                    double[][] hh = new double[width * nf][bins];
                    double[] gs = new double[width];
                    double[] hs = new double[width];
                    for (int r = 0; r < rows; r++) {
                        if (!use[r]) {
                            continue;
                        }
                        int k = node[r] - first;
                        gs[k] += g[r];
                        hs[k] += h[r];
                        for (int f = 0; f < nf; f++) {
                            int b = bx[f][r];
                            hg[k * nf + f][b] += g[r];
                            hh[k * nf + f][b] += h[r];
                        }
                    }
                    int[] splitBin = new int[width];
                    for (int k = 0; k < width; k++) {
                        double parent = gs[k] * gs[k] / (hs[k] + l2);
                        double best = 1e-9;
                        for (int f = 0; f < nf; f++) {
                            double gl = 0, hl = 0;
                            int nb = cuts[f].length;
                            for (int b = 0; b < nb; b++) {
                                gl += hg[k * nf + f][b];
                                hl += hh[k * nf + f][b];
                                double gr = gs[k] - gl, hr = hs[k] - hl;
                                if (hl < minHess || hr < minHess) {
                                    continue;
                                }
                                double gain = gl * gl / (hl + l2) + gr * gr / (hr + l2) - parent;
                                if (gain > best) {
                                    best = gain;
                                    fe[first + k] = f;
                                    th[first + k] = cuts[f][b];
                                    splitBin[k] = b;
                                }
                            }
                        }
                    }
                    for (int r = 0; r < rows; r++) {
                        int k = node[r] - first;
                        int f = fe[node[r]];
                        node[r] = 2 * node[r] + (f < 0 || bx[f][r] <= splitBin[k] ? 1 : 2);
                    }
                }
                double[] lg = new double[leaves];
                double[] lh = new double[leaves];
                int firstLeaf = leaves - 1;
                for (int r = 0; r < rows; r++) {
                    if (use[r]) {
                        lg[node[r] - firstLeaf] += g[r];
                        lh[node[r] - firstLeaf] += h[r];
                    }
                }
                float[] v = new float[leaves];
                for (int l = 0; l < leaves; l++) {
                    v[l] = (float) (-lr * lg[l] / (lh[l] + l2));
                }
                feat.add(fe);
                thr.add(th);
                val.add(v);
                for (int r = 0; r < rows; r++) {
                    score[r] += v[node[r] - firstLeaf];
                }
            }
        }
    }

    // ---------------------------------------------------------------- the re-ranker

    static final class Reranker {
        Ease ease;
        Counts counts;
        Gbdt gbdt;
        int nc;

        Reranker(int n, int[][] rows, long seed) {
            double lambda = opt("lambda", 200), sizeLambda = opt("sizeLambda", 100);
            nc = (int) opt("cands", 30);
            int folds = (int) opt("folds", 5);
            int hides = (int) opt("hides", 2);
            boolean softmax = opt("softmax", 1) > 0;
            Random rnd = new Random(seed * 31 + 7);
            int[] fold = new int[rows.length];
            for (int r = 0; r < rows.length; r++) {
                fold[r] = rnd.nextInt(folds);
            }
            List<float[]> xs = new ArrayList<>();
            List<Byte> ys = new ArrayList<>();
            List<Integer> groups = new ArrayList<>();
            for (int f = 0; f < folds; f++) {
                List<int[]> in = new ArrayList<>();
                for (int r = 0; r < rows.length; r++) {
                    if (fold[r] != f) {
                        in.add(rows[r]);
                    }
                }
                int[][] inRows = in.toArray(new int[0][]);
                double frac = (double) inRows.length / rows.length;
                Ease e = new Ease(n, inRows, lambda * frac, sizeLambda * frac);
                Counts c = new Counts(n, inRows);
                for (int r = 0; r < rows.length; r++) {
                    if (fold[r] != f || rows[r].length < 2) {
                        continue;
                    }
                    int[] b = rows[r];
                    int hs = Math.min(hides, b.length);
                    int[] perm = b.clone();
                    for (int k = 0; k < hs; k++) {
                        int p = k + rnd.nextInt(perm.length - k);
                        int tmp = perm[k];
                        perm[k] = perm[p];
                        perm[p] = tmp;
                        int hidden = perm[k];
                        int[] rest = new int[b.length - 1];
                        int q = 0;
                        for (int i : b) {
                            if (i != hidden) {
                                rest[q++] = i;
                            }
                        }
                        double[] z = e.score(rest);
                        int[] cands = top(z, rest, nc);
                        boolean hit = false;
                        for (int j : cands) {
                            hit |= j == hidden;
                        }
                        if (softmax && !hit) {
                            continue;
                        }
                        float[][] out = new float[cands.length][F];
                        features(e, c, rest, z, cands, cands.length, out, 0);
                        groups.add(xs.size());
                        for (int k2 = 0; k2 < cands.length; k2++) {
                            xs.add(out[k2]);
                            ys.add((byte) (cands[k2] == hidden ? 1 : 0));
                        }
                    }
                }
            }
            groups.add(xs.size());
            float[][] x = xs.toArray(new float[0][]);
            byte[] y = new byte[ys.size()];
            for (int k = 0; k < y.length; k++) {
                y[k] = ys.get(k);
            }
            gbdt = new Gbdt((int) opt("depth", 4), 64);
            gbdt.base = opt("base", 0);
            gbdt.fit(x, y, groups.stream().mapToInt(Integer::intValue).toArray(), softmax, (int) opt("trees", 200),
                    opt("lr", 0.1), opt("l2", 1), opt("minHess", 1), opt("subsample", 0.7), seed);
            ease = new Ease(n, rows, lambda, sizeLambda);
            counts = new Counts(n, rows);
        }

        double[] score(int[] rest) {
            double[] z = ease.score(rest);
            int[] cands = top(z, rest, nc);
            float[][] out = new float[cands.length][F];
            features(ease, counts, rest, z, cands, cands.length, out, 0);
            double[] s = new double[z.length];
            Arrays.fill(s, -1e9);
            for (int k = 0; k < cands.length; k++) {
                s[cands[k]] = 1e6 + gbdt.predict(out[k]);
            }
            for (int j = 0; j < z.length; j++) {
                if (s[j] == -1e9) {
                    s[j] = z[j];
                }
            }
            return s;
        }
    }

    /**
     * The ceiling diagnostic ({@code insample=1}): the evaluated baskets, hidden items included, are added to the
     * training baskets, so a model is scored on baskets whose answers it has seen. No model of the same family can
     * be expected to score above this on the real split.
     */
    static Split withAnswers(Split sp) {
        int[][] train = Arrays.copyOf(sp.train(), sp.train().length + sp.eval().size());
        for (int k = 0; k < sp.eval().size(); k++) {
            train[sp.train().length + k] = Arrays.stream(sp.eval().get(k)).filter(i -> i >= 0).toArray();
        }
        return new Split(sp.n(), train, sp.eval(), sp.hidden(), sp.evalRest());
    }

    // ---------------------------------------------------------------- scoring

    interface Model {
        double[] score(int[] rest);
    }

    static boolean hit(double[] s, int[] rest, int hidden) {
        if (hidden < 0) {
            return false;
        }
        boolean[] in = new boolean[s.length];
        for (int i : rest) {
            in[i] = true;
        }
        int above = 0;
        for (int j = 0; j < s.length; j++) {
            if (!in[j] && j != hidden && (s[j] > s[hidden] || (s[j] == s[hidden] && j < hidden))) {
                above++;
            }
        }
        return above < 10;
    }

    /** One hidden item per basket (the protocol). */
    static double single(Split sp, Model m) {
        int hits = 0;
        for (int k = 0; k < sp.eval().size(); k++) {
            if (hit(m.score(sp.evalRest()[k]), sp.evalRest()[k], sp.hidden()[k])) {
                hits++;
            }
        }
        return (double) hits / sp.eval().size();
    }

    /** Every item of every basket hidden in turn, baskets weighted equally. */
    static double loo(Split sp, Model m) {
        double sum = 0;
        for (int[] full : sp.eval()) {
            double h = 0;
            for (int k = 0; k < full.length; k++) {
                int hidden = full[k];
                int[] rest = new int[full.length - 1];
                int q = 0;
                for (int i = 0; i < full.length; i++) {
                    if (i != k && full[i] >= 0) {
                        rest[q++] = full[i];
                    }
                }
                rest = Arrays.copyOf(rest, q);
                if (hit(m.score(rest), rest, hidden)) {
                    h++;
                }
            }
            sum += h / full.length;
        }
        return sum / sp.eval().size();
    }

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> all = Datasets.baskets(Path.of(System.getProperty("baskets",
                "/work/shared/data/supermarket-baskets.csv")));
        boolean test = args[0].equals("test");
        List<Long> seeds = new ArrayList<>();
        for (int a = 1; a < args.length; a++) {
            if (args[a].contains("=")) {
                String[] kv = args[a].split("=", 2);
                opts.put(kv[0], kv[1]);
            } else {
                seeds.add(Long.parseLong(args[a]));
            }
        }
        String which = opts.getOrDefault("models", "ease,rerank");
        for (long seed : seeds) {
            Split sp = opt("insample", 0) > 0 ? withAnswers(split(all, !test, seed)) : split(all, !test, seed);
            StringBuilder line = new StringBuilder((test ? "TEST" : "VAL") + " seed " + seed + " n=" + sp.n()
                    + " train=" + sp.train().length + " cases=" + sp.eval().size());
            for (String name : which.split(",")) {
                long t0 = System.nanoTime();
                Model m = switch (name) {
                    case "ease" -> new Ease(sp.n(), sp.train(), opt("lambda", 200), opt("sizeLambda", 100))::score;
                    case "easex" -> new EaseX(sp.n(), sp.train(), opt("lambda", 200), opt("lambdaX", 200),
                            opt("sizeLambda", 100), Arrays.stream(opts.getOrDefault("bands", "").split(":"))
                            .filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray(), opt("pow", 0))::score;
                    case "logit" -> new Logit(sp.n(), sp.train(), opt("l2", 30), opt("l2v", 30), (int) opt("its", 200),
                            opt("lr", 0.5), opt("mom", 0), (int) opt("mode", 0))::score;
                    case "rp3" -> {
                        double[] w = rp3(sp.n(), sp.train(), opt("alpha", 1), opt("beta", 0.3));
                        yield rest -> linearScore(w, sp.n(), rest, false);
                    }
                    case "slim" -> {
                        double[] w = slim(sp.n(), sp.train(), opt("l1", 1), opt("l2", 200), opt("sizeLambda", 100),
                                (int) opt("sweeps", 100), opt("nonneg", 1) > 0);
                        yield rest -> linearScore(w, sp.n(), rest, true);
                    }
                    case "rerank" -> new Reranker(sp.n(), sp.train(), seed)::score;
                    default -> throw new IllegalArgumentException(name);
                };
                double fit = (System.nanoTime() - t0) / 1e9;
                double one = single(sp, m);
                String l = test ? "" : String.format(" valLOO %.4f", loo(sp, m));
                line.append(String.format(" | %s: single %.4f%s fit %.2fs", name, one, l, fit));
            }
            System.out.println(line);
        }
    }
}
