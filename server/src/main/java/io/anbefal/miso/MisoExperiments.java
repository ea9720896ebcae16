package io.anbefal.miso;

import io.anbefal.engine.Recommendation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Experiments in Miso's answers: the placement of an endpoint ({@code miso:product_to_products}), and the
 * {@code experiment} object an answer of a variant carries beside its {@code miso_id} (which names the variant
 * too, so that interactions sent back with it are counted per variant).
 */
public final class MisoExperiments {

    private MisoExperiments() {
    }

    /** The placement an experiment names to run at an endpoint: {@code miso:} and the endpoint's path segment. */
    public static String placement(Miso.Endpoint endpoint) {
        return "miso:" + endpoint.path();
    }

    /** Puts {@code "experiment": {"name", "variant", "label"}} into an answer's data when a variant answered. */
    public static void put(Map<String, Object> data, Recommendation.Variant variant) {
        if (variant == null) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", variant.experiment());
        e.put("variant", variant.variant());
        e.put("label", variant.label());
        data.put("experiment", e);
    }
}
