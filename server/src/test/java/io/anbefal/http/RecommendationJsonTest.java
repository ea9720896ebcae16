package io.anbefal.http;

import io.anbefal.engine.Recommendation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The streamed recommend answer is byte for byte what Jackson wrote for the same answer as a tree of maps. */
class RecommendationJsonTest {

    private static final List<Recommendation.ScoredItem> ITEMS = List.of(
            new Recommendation.ScoredItem("i1", 0.123456789),
            new Recommendation.ScoredItem("q\"uote\\back/slash\u00e6\u00f8\u00e5\u2028", 1e-12),
            new Recommendation.ScoredItem("tab\tnl\n", 12345678.5),
            new Recommendation.ScoredItem("zero", 0),
            new Recommendation.ScoredItem("\uD83D\uDE00", Double.MIN_VALUE));

    @Test
    void scoredUnscoredEmptyAndNullOrigin() throws Exception {
        for (boolean scored : new boolean[] {true, false}) {
            for (String origin : new String[] {"ProductForCustomerRecommender@x/B", null, "\u00e9\"o"}) {
                for (List<Recommendation.ScoredItem> items : List.of(ITEMS, List.<Recommendation.ScoredItem>of())) {
                    Recommendation r = new Recommendation(items, origin, scored, null);
                    assertEquals(new String(asMaps(r), StandardCharsets.UTF_8),
                            new String(Http.recommendationJson(r), StandardCharsets.UTF_8));
                }
            }
        }
    }

    /**
     * Bodies are kept by the answer's identity: many more answers than slots, each answered a few times in turn,
     * always get their own body (never another answer's that shares a slot), and an answered-again one the same.
     */
    @Test
    void keptBodiesBelongToTheirAnswers() throws Exception {
        List<Recommendation> answers = new ArrayList<>();
        for (int k = 0; k < 20_000; k++) {
            answers.add(new Recommendation(List.of(new Recommendation.ScoredItem("i" + k, k)), "o" + (k % 7), k % 2 == 0, null));
        }
        int reused = 0;
        for (int round = 0; round < 3; round++) {
            for (int k = round; k < answers.size(); k += 1 + round) {
                Recommendation r = answers.get(k);
                byte[] body = Http.recommendationJson(r);
                assertEquals(new String(asMaps(r), StandardCharsets.UTF_8), new String(body, StandardCharsets.UTF_8));
                reused += Http.recommendationJson(r) == body ? 1 : 0;
            }
        }
        assertEquals(20_000 + 10_000 + 6_666, reused, "an answer answered again right away reuses its body");
    }

    /** The answer as the handler built it before: maps and lists through the mapper. */
    private static byte[] asMaps(Recommendation r) throws Exception {
        List<Object> result = new ArrayList<>();
        for (Recommendation.ScoredItem item : r.items()) {
            if (r.scored()) {
                Map<String, Object> scored = new LinkedHashMap<>();
                scored.put("id", item.id());
                scored.put("w", item.score());
                result.add(scored);
            } else {
                result.add(item.id());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", result);
        body.put("origin", r.origin());
        return Payloads.JSON.writeValueAsBytes(body);
    }
}
