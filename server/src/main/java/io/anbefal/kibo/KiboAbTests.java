package io.anbefal.kibo;

import io.anbefal.engine.Experiments;
import io.anbefal.engine.Recommendation;
import io.anbefal.kibo.KiboResult.AbTest;
import io.anbefal.kibo.KiboResult.WidgetResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Experiments in Kibo answers: the placements a widget is shown at (an experiment at {@code kibo.widget:W} before
 * one at {@code kibo.pageTemplate:T}, before one at the widget's recommender), and what an answer says of the
 * variants that answered: Kibo's {@code <abTest>} and, per widget, {@code abTest} inside {@code trackingData}.
 * The variant is read from the widget's {@code algoName} (the engine's origin, {@code R@EXPERIMENT/VARIANT}).
 */
final class KiboAbTests {

    private KiboAbTests() {
    }

    /** Where a widget of the plan is shown, most specific first. */
    static List<String> placements(KiboWidgets.Plan plan, KiboWidgets.Widget w) {
        List<String> where = new ArrayList<>();
        where.add("kibo.widget:" + w.id());
        if ("pageTemplate".equals(plan.type())) {
            where.add("kibo.pageTemplate:" + plan.id());
        }
        return where;
    }

    /** One {@code abTest} per experiment that answered a widget, in the widgets' order. */
    static List<AbTest> of(List<WidgetResult> widgets) {
        Map<String, AbTest> tests = new LinkedHashMap<>();
        for (WidgetResult w : widgets) {
            variant(w).ifPresent(v -> tests.putIfAbsent(v.experiment(),
                    new AbTest(v.label(), v.experiment(), v.variant())));
        }
        return List.copyOf(tests.values());
    }

    /** Adds the widget's {@code abTest} (merchLabel, testName, variantName) to its entry of the tracking data. */
    static void track(Map<String, Object> entry, WidgetResult w) {
        variant(w).ifPresent(v -> {
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("merchLabel", v.label());
            test.put("testName", v.experiment());
            test.put("variantName", v.variant());
            entry.put("abTest", test);
        });
    }

    private static Optional<Recommendation.Variant> variant(WidgetResult w) {
        return Experiments.variantOf(w.algoName());
    }
}
