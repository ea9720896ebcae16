package io.anbefal.http.sannsyn;

import io.anbefal.app.ExperimentReport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code experiments} of the stats answer: per experiment its variants' counts and the comparisons. */
final class ExperimentsJson {

    private ExperimentsJson() {
    }

    /** Puts {@code experiments} (and the {@code experimentMethod} stating the statistics) into a stats answer. */
    static void put(Map<String, Object> body, List<ExperimentReport> reports) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ExperimentReport r : reports) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", r.name());
            e.put("placement", r.placement());
            e.put("running", r.running());
            List<Map<String, Object>> variants = new ArrayList<>();
            for (ExperimentReport.Arm a : r.variants()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("variant", a.variant());
                v.put("label", a.label());
                v.put("weight", a.weight());
                v.put("exposures", a.exposures());
                v.put("clicks", a.clicks());
                v.put("ctr", a.ctr());
                variants.add(v);
            }
            e.put("variants", variants);
            List<Map<String, Object>> comparisons = new ArrayList<>();
            for (ExperimentReport.Comparison c : r.comparisons()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("control", c.control());
                m.put("variant", c.variant());
                m.put("difference", c.difference());
                m.put("ci95", c.low() == null ? null : Arrays.asList(c.low(), c.high()));
                m.put("significant", c.significant());
                m.put("neededExposuresPerVariant", c.neededPerVariant());
                m.put("exposuresToGo", c.toGo());
                comparisons.add(m);
            }
            e.put("comparisons", comparisons);
            out.add(e);
        }
        body.put("experiments", out);
        body.put("experimentMethod", ExperimentReport.METHOD);
    }
}
