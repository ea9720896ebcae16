package io.anbefal.engine;

import java.util.List;

/**
 * The answer of a recommender.
 *
 * @param items   best first
 * @param origin  the name of the recommender instance that really produced the items (a fallback may answer); for an
 *                answer of an experiment's variant followed by {@code @EXPERIMENT/VARIANT}, so that the exposures and
 *                clicks reported with it are counted per variant
 * @param scored  whether the answer is to be shown with weights ({@code [{"id":..,"w":..}]})
 * @param variant the experiment's variant that answered, or null outside experiments
 */
public record Recommendation(List<ScoredItem> items, String origin, boolean scored, Variant variant) {
    public Recommendation {
        items = List.copyOf(items);
    }

    /** An answer outside experiments. */
    public Recommendation(List<ScoredItem> items, String origin, boolean scored) {
        this(items, origin, scored, null);
    }

    /** One recommended entity with its score (higher is better). */
    public record ScoredItem(String id, double score) {
    }

    /** An experiment's variant: {@code label()} is {@code EXPERIMENT/VARIANT}. */
    public record Variant(String experiment, String variant) {
        public String label() {
            return Experiment.label(experiment, variant);
        }
    }
}
