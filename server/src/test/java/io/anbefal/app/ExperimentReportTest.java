package io.anbefal.app;

import io.anbefal.store.Stats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interval and the exposures needed, against values computed by hand; the report's grouping per variant. */
class ExperimentReportTest {

    @Test
    void theIntervalOfTheDifferenceMatchesTheHandComputedOne() {
        // p1 = 100/1000 = 0.10, p2 = 150/1000 = 0.15, d = 0.05
        // se = sqrt(0.10*0.90/1000 + 0.15*0.85/1000) = sqrt(0.0002175) = 0.0147479
        // 1.959964 * 0.0147479 = 0.0289054: [0.0210946, 0.0789054]
        assertArrayEquals(new double[] {0.0210946, 0.0789054}, TwoProportions.interval(100, 1000, 150, 1000), 1e-6);
        // p1 = 30/400 = 0.075, p2 = 10/200 = 0.05, d = -0.025
        // se = sqrt(0.075*0.925/400 + 0.05*0.95/200) = sqrt(0.000173438 + 0.0002375) = 0.0202715
        // 1.959964 * 0.0202715 = 0.0397316: [-0.0647316, 0.0147316]
        assertArrayEquals(new double[] {-0.0647316, 0.0147316}, TwoProportions.interval(30, 400, 10, 200), 1e-6);
        assertNull(TwoProportions.interval(0, 0, 3, 10));
    }

    @Test
    void theExposuresNeededMatchTheHandComputedOnes() {
        // (1.959964 + 0.841621)^2 = 2.801585^2 = 7.848879
        // 0.10 vs 0.15: 7.848879 * (0.09 + 0.1275) / 0.05^2 = 7.848879 * 87 = 682.85 -> 683
        assertEquals(683, TwoProportions.neededPerArm(0.10, 0.15));
        // 0.05 vs 0.06: 7.848879 * (0.0475 + 0.0564) / 0.01^2 = 7.848879 * 1039 = 8154.99 -> 8155
        assertEquals(8155, TwoProportions.neededPerArm(0.05, 0.06));
        assertEquals(-1, TwoProportions.neededPerArm(0.1, 0.1));
    }

    @Test
    void theReportSumsEveryOriginOfAVariantAndComparesWithTheControl() {
        Map<String, String> settings = Map.of("experiment.pdp.placement", "ItemToItemRecommender",
                "experiment.pdp.variants", "A,B", "experiment.pdp.variant.B.recommender", "Cosine");
        Stats stats = new Stats(Map.of(), List.of(
                new Stats.OriginStats("Cosine@pdp/B", 900, 140),
                new Stats.OriginStats("ItemToItemRecommender", 5000, 1),
                new Stats.OriginStats("ItemToItemRecommender@pdp/A", 1000, 100),
                new Stats.OriginStats("PopularRecommender@pdp/B", 100, 10),
                new Stats.OriginStats("PopularRecommender@other/B", 100, 10)));
        ExperimentReport r = ExperimentReport.of(settings, stats).getFirst();
        assertEquals("pdp", r.name());
        assertTrue(r.running());
        assertEquals(new ExperimentReport.Arm("A", "pdp/A", 1, 1000, 100), r.variants().get(0));
        assertEquals(new ExperimentReport.Arm("B", "pdp/B", 1, 1000, 150), r.variants().get(1));
        ExperimentReport.Comparison c = r.comparisons().getFirst();
        assertEquals("A", c.control());
        assertEquals("B", c.variant());
        assertEquals(0.05, c.difference(), 1e-12);
        assertEquals(0.0210946, c.low(), 1e-6);
        assertEquals(0.0789054, c.high(), 1e-6);
        assertTrue(c.significant());
        assertEquals(683, c.neededPerVariant());
        assertEquals(0, c.toGo());
    }

    @Test
    void aTestWithTooFewExposuresSaysHowManyMore() {
        Map<String, String> settings = Map.of("experiment.e.placement", "PopularRecommender",
                "experiment.e.variants", "A,B");
        Stats stats = new Stats(Map.of(), List.of(new Stats.OriginStats("PopularRecommender@e/A", 100, 5),
                new Stats.OriginStats("PopularRecommender@e/B", 100, 6)));
        ExperimentReport.Comparison c = ExperimentReport.of(settings, stats).getFirst().comparisons().getFirst();
        assertFalse(c.significant());
        // 0.05 vs 0.06 needs 8155 each: 8055 more for each of the two
        assertEquals(8155, c.neededPerVariant());
        assertEquals(2 * 8055, c.toGo());
        ExperimentReport.Comparison none = ExperimentReport.of(settings, new Stats(Map.of(), List.of()))
                .getFirst().comparisons().getFirst();
        assertNull(none.low());
        assertNull(none.neededPerVariant());
    }
}
