package io.anbefal.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Search hits re-ranked for a person, the one rule behind the Miso-style search and Kibo's TermGuide: a hit's
 * score is its relevance relative to the best hit, {@code relevance / best}; a hit at least half as relevant as
 * the best that is also at {@code rank} (0 first) of the person's {@code n} recommended products gains
 * {@code weight * (1 - rank / n)}. Without recommendations the order is plain relevance.
 */
public final class PersonalRanking {

    /** The service setting naming the recommender asked for the person's products. */
    public static final String RECOMMENDER = "miso.search.recommender";
    /** Its default. */
    public static final String DEFAULT_RECOMMENDER = "ProductForCustomerRecommender";
    /** The service setting of {@code weight}. */
    public static final String WEIGHT = "miso.search.personal-weight";
    /** Its default. */
    public static final double DEFAULT_WEIGHT = 0.5;
    /** Its form: a number from 0 to 100. */
    public static final io.anbefal.engine.SettingForm WEIGHT_FORM = io.anbefal.engine.SettingForm.number(0, 100);
    /** How many of the person's recommended products are looked at. */
    public static final int CANDIDATES = 1000;

    private PersonalRanking() {
    }

    /** The service's recommender for the person's products. */
    public static String recommender(Map<String, String> settings) {
        return settings.getOrDefault(RECOMMENDER, DEFAULT_RECOMMENDER);
    }

    /** The service's {@code weight}; the default when unset or not of its form ({@link #WEIGHT_FORM}). */
    public static double weight(Map<String, String> settings) {
        return WEIGHT_FORM.number(settings.get(WEIGHT), DEFAULT_WEIGHT);
    }

    /**
     * Scores by product id, in the hits' order.
     *
     * @param hits        relevance order, best first
     * @param recommended the person's recommended product ids, best first; empty for none
     */
    public static Map<String, Double> scores(List<ProductIndex.Hit> hits, List<String> recommended, double weight) {
        Map<String, Double> score = new LinkedHashMap<>();
        float best = hits.isEmpty() ? 1 : Math.max(hits.getFirst().score(), Float.MIN_VALUE);
        for (ProductIndex.Hit h : hits) {
            score.put(h.productId(), (double) (h.score() / best));
        }
        int n = recommended.size();
        for (int rank = 0; rank < n; rank++) {
            String id = recommended.get(rank);
            Double relevance = score.get(id);
            if (relevance != null && relevance >= 0.5) {
                score.put(id, relevance + weight * (1 - (double) rank / n));
            }
        }
        return score;
    }

    /**
     * Hits re-ranked for a person.
     *
     * @param scores by product id, in the hits' order ({@link #scores})
     * @param origin the recommender that answered for the person, or null when none was asked
     */
    public record Ranking(Map<String, Double> scores, String origin) {

        /** The hits' product ids, best score first (ties in relevance order). */
        public List<String> ids() {
            List<String> ids = new ArrayList<>(scores.keySet());
            ids.sort(Comparator.comparingDouble(id -> -scores.get(id)));
            return ids;
        }
    }
}
