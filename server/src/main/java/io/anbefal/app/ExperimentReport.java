package io.anbefal.app;

import io.anbefal.engine.Experiment;
import io.anbefal.engine.Experiments;
import io.anbefal.engine.Recommendation;
import io.anbefal.store.Stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a shop reads to decide an experiment: per variant the exposures, clicks and CTR (every origin labelled with
 * the variant, {@code R@EXPERIMENT/VARIANT}, fallbacks included), and each variant against the control (the first):
 * the difference of CTRs with its 95% interval and the exposures still needed ({@link TwoProportions}).
 *
 * @param name        the experiment
 * @param placement   where it runs
 * @param running     false when {@code experiment.NAME.enabled=false} (no one is assigned any more)
 * @param variants    in the configured order
 * @param comparisons each variant after the first against the first
 */
public record ExperimentReport(String name, String placement, boolean running, List<Arm> variants,
                               List<Comparison> comparisons) {

    /** How the comparison is computed, as the stats answer states it. */
    public static final String METHOD = "difference of click-through rates (variant minus control), 95% confidence"
            + " interval by the normal approximation: d ± 1.96·sqrt(p1(1-p1)/n1 + p2(1-p2)/n2); exposures needed per"
            + " variant for 80% power at two-sided alpha 0.05 for the observed difference:"
            + " n = (1.96 + 0.84)²·(p1(1-p1) + p2(1-p2))/d²; each exposure counted as an independent trial";

    /** One variant's counts. */
    public record Arm(String variant, String label, double weight, long exposures, long clicks) {
        public double ctr() {
            return exposures == 0 ? 0.0 : (double) clicks / exposures;
        }
    }

    /**
     * A variant against the control.
     *
     * @param difference  CTR of the variant minus CTR of the control
     * @param low         the 95% interval of the difference, null while an arm has no exposures
     * @param significant whether the interval excludes 0
     * @param neededPerVariant exposures each of the two needs for the observed difference (80% power, alpha 0.05);
     *                    null while an arm has no exposures or the rates are equal
     * @param toGo        exposures still to collect, over both, to reach that; null when {@code neededPerVariant} is
     */
    public record Comparison(String control, String variant, double difference, Double low, Double high,
                             boolean significant, Long neededPerVariant, Long toGo) {
    }

    /** The reports of the experiments in a service's settings, from its stats over some time range. */
    public static List<ExperimentReport> of(Map<String, String> settings, Stats stats) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Stats.OriginStats o : stats.perOrigin()) {
            Optional<Recommendation.Variant> v = Experiments.variantOf(o.origin());
            if (v.isPresent()) {
                long[] c = counts.computeIfAbsent(v.get().label(), k -> new long[2]);
                c[0] += o.exposures();
                c[1] += o.clicks();
            }
        }
        Experiments experiments = Experiments.parse(settings, null);
        List<ExperimentReport> out = new ArrayList<>();
        for (Experiment e : experiments.all()) {
            List<Arm> arms = new ArrayList<>();
            for (Experiment.Variant v : e.variants()) {
                String label = Experiment.label(e.name(), v.name());
                long[] c = counts.getOrDefault(label, new long[2]);
                arms.add(new Arm(v.name(), label, v.weight(), c[0], c[1]));
            }
            List<Comparison> comparisons = new ArrayList<>();
            for (Arm arm : arms.subList(1, arms.size())) {
                comparisons.add(compare(arms.getFirst(), arm));
            }
            boolean running = !"false".equalsIgnoreCase(settings.getOrDefault(
                    "experiment." + e.name() + ".enabled", "true").trim());
            out.add(new ExperimentReport(e.name(), e.placement(), running, arms, comparisons));
        }
        return out;
    }

    static Comparison compare(Arm control, Arm variant) {
        double d = variant.ctr() - control.ctr();
        double[] ci = TwoProportions.interval(control.clicks(), control.exposures(), variant.clicks(),
                variant.exposures());
        if (ci == null) {
            return new Comparison(control.variant(), variant.variant(), d, null, null, false, null, null);
        }
        long needed = TwoProportions.neededPerArm(control.ctr(), variant.ctr());
        Long toGo = needed < 0 ? null
                : Math.max(0, needed - control.exposures()) + Math.max(0, needed - variant.exposures());
        return new Comparison(control.variant(), variant.variant(), d, ci[0], ci[1], ci[0] > 0 || ci[1] < 0,
                needed < 0 ? null : needed, toGo);
    }
}
