package io.anbefal.engine;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Experiments: the split, the stickiness (also across linked devices), the answers' variant and the settings. */
class ExperimentsTest {

    private static final Map<String, String> SPLIT = Map.of(
            "recommender.Cosine.type", "ItemToItemRecommender",
            "recommender.Cosine.alpha", "0.5",
            "experiment.pdp.placement", "ItemToItemRecommender",
            "experiment.pdp.variants", "A,B",
            "experiment.pdp.variant.B.recommender", "Cosine");

    private final ScoringEngine engine = new ScoringEngine();
    private long time = 1_700_000_000_000L;

    private void event(String person, String what, String... entities) {
        engine.apply("s", List.of(new Event(person, List.of(entities), what, null, null, List.of(), time += 1000,
                null, null)));
    }

    private static Experiment parseOne(Map<String, String> settings) {
        Experiments e = Experiments.parse(settings, null);
        assertEquals(List.of(), e.problems());
        return e.all().getFirst();
    }

    @Test
    void aFiftyFiftySplitOverTenThousandPersonsIsWithinTwoPercentOfEven() {
        Experiment pdp = parseOne(SPLIT);
        int a = 0;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            if (pdp.assign("person-" + i).name().equals("A")) {
                a++;
            }
        }
        System.out.printf("50/50 split over %d persons: A %d, B %d (%.2f%% from even)%n", n, a, n - a,
                100.0 * Math.abs(a - n / 2.0) / n);
        assertTrue(Math.abs(a - n / 2) <= n * 0.02, "A got " + a + " of " + n);
    }

    @Test
    void aVariantWithAPopularityExponentOfItsOwnAnswersForEveryPerson() {
        // a variant's alpha or beta is one the model must have powers for (was: "exponent not configured", a 500)
        Map<String, String> s = new HashMap<>(SPLIT);
        s.put("experiment.pdp.variant.B.settings.beta", "0.6");
        s.put("experiment.pdp.variant.B.settings.alpha", "0.7");
        engine.configure("s", s);
        event("x", "BROWSE", "a", "b", "c");
        event("y", "BROWSE", "a", "c");
        Set<String> variants = new java.util.TreeSet<>();
        for (int i = 0; i < 40; i++) {
            Recommendation r = engine.recommend("s", new RecommendRequest("ItemToItemRecommender", List.of("a"),
                    List.of("userid:p-" + i), 3)).orElseThrow();
            assertTrue(r.items().stream().map(Recommendation.ScoredItem::id).toList().containsAll(List.of("b", "c")),
                    r.toString());
            variants.add(r.origin());
        }
        assertEquals(2, variants.size(), "both variants answered: " + variants);
    }

    @Test
    void weightsSplitInProportion() {
        Map<String, String> s = new HashMap<>(SPLIT);
        s.put("experiment.pdp.variant.A.weight", "9");
        Experiment pdp = parseOne(s);
        int a = 0;
        for (int i = 0; i < 10_000; i++) {
            a += pdp.assign(Integer.toString(i)).name().equals("A") ? 1 : 0;
        }
        assertTrue(Math.abs(a - 9_000) <= 200, "A got " + a + " of 10,000 at weight 9:1");
    }

    @Test
    void theSamePersonAlwaysGetsTheSameVariantAndExperimentsAreIndependent() {
        Experiment pdp = parseOne(SPLIT);
        Map<String, String> other = new HashMap<>(SPLIT);
        other.clear();
        other.putAll(Map.of("experiment.home.placement", "PopularRecommender", "experiment.home.variants", "A,B"));
        Experiment home = parseOne(other);
        int same = 0;
        for (int i = 0; i < 2_000; i++) {
            String id = "visitor-" + i;
            String first = pdp.assign(id).name();
            for (int k = 0; k < 5; k++) {
                assertEquals(first, pdp.assign(id).name());
            }
            same += first.equals(home.assign(id).name()) ? 1 : 0;
        }
        // a hash of (experiment, person): one person's variants in two experiments agree only by chance (~half)
        assertTrue(same > 800 && same < 1200, "agreed " + same + " of 2,000");
    }

    @Test
    void aSecondDeviceLinkedToTheCustomerGetsTheCustomersVariant() {
        engine.configure("s", SPLIT);
        event("x", "BROWSE", "a");
        event("x", "BROWSE", "b");
        RecommendRequest template = new RecommendRequest("ItemToItemRecommender", List.of("a"), List.of(), 3);
        int changedAtLinking = 0;
        for (int i = 0; i < 200; i++) {
            String customer = "customer-" + i;
            String phone = "phone-" + i;
            String laptop = "laptop-" + i;
            String customers = variant(template, customer);
            String phoneBefore = variant(template, phone);
            engine.link("s", phone, customer);
            engine.link("s", laptop, customer);
            assertEquals(customers, variant(template, phone), "the linked phone of " + customer);
            assertEquals(customers, variant(template, laptop), "the linked laptop of " + customer);
            assertEquals(customers, variant(template, customer));
            changedAtLinking += phoneBefore.equals(customers) ? 0 : 1;
        }
        // before linking a device has its own id's variant: about half of them move at linking
        assertTrue(changedAtLinking > 60 && changedAtLinking < 140, changedAtLinking + " of 200 moved");
    }

    private String variant(RecommendRequest template, String person) {
        RecommendRequest r = new RecommendRequest(template.recommender(), template.externalIds(),
                List.of("userid:" + person), template.num());
        Recommendation answer = engine.recommend("s", r).orElseThrow();
        assertEquals(engine.variant("s", r).orElseThrow(), answer.variant());
        return answer.variant().variant();
    }

    @Test
    void theVariantAnswersAndItsOriginCarriesTheLabel() {
        engine.configure("s", SPLIT);
        for (String p : List.of("p1", "p2", "p3")) {
            event(p, "BROWSE", "a");
            event(p, "BROWSE", "b");
        }
        Set<String> origins = new java.util.TreeSet<>();
        for (int i = 0; i < 40; i++) {
            Recommendation r = engine.recommend("s", new RecommendRequest("ItemToItemRecommender", List.of("a"),
                    List.of("userid:u" + i), 2)).orElseThrow();
            origins.add(r.origin());
            String expected = r.variant().variant().equals("A") ? "ItemToItemRecommender" : "Cosine";
            assertEquals(expected + "@pdp/" + r.variant().variant(), r.origin());
            assertEquals(r.variant(), Experiments.variantOf(r.origin()).orElseThrow());
        }
        assertEquals(Set.of("ItemToItemRecommender@pdp/A", "Cosine@pdp/B"), origins);
        // without a person (no userid tag on an item-based request) the placement's own recommender answers
        Recommendation anonymous = engine.recommend("s", new RecommendRequest("ItemToItemRecommender",
                List.of("a"), List.of(), 2)).orElseThrow();
        assertEquals("ItemToItemRecommender", anonymous.origin());
        assertNull(anonymous.variant());
    }

    @Test
    void aVariantsSettingsChangeItsRecommenderAndAFallbackKeepsTheLabel() {
        Map<String, String> s = Map.of(
                "experiment.fc.placement", "ProductForCustomerRecommender",
                "experiment.fc.variants", "control,few",
                "experiment.fc.variant.few.settings.neighbours", "1");
        engine.configure("s", s);
        EngineSettings parsed = EngineSettings.parse(s);
        Experiment fc = parsed.experiments().all().getFirst();
        EngineSettings.Spec base = parsed.recommenders().get("ProductForCustomerRecommender");
        assertEquals(1000, parsed.variantOf(fc, fc.variants().get(0), base).neighbours());
        assertEquals(1, parsed.variantOf(fc, fc.variants().get(1), base).neighbours());
        event("d-lover", "PURCHASE", "d");
        // a person without history: the Popular fallback answers, still under the person's variant
        Recommendation r = engine.recommend("s", new RecommendRequest("ProductForCustomerRecommender",
                List.of("new-person"), List.of(), 3)).orElseThrow();
        assertEquals("PopularRecommender@" + r.variant().label(), r.origin());
    }

    @Test
    void aPlacementOfADialectComesBeforeTheRecommendersName() {
        Map<String, String> s = new HashMap<>(SPLIT);
        s.putAll(Map.of("experiment.w.placement", "kibo.widget:cheap", "experiment.w.variants", "X,Y"));
        engine.configure("s", s);
        RecommendRequest r = new RecommendRequest("ItemToItemRecommender", List.of("a"), List.of("userid:u"), 2);
        assertEquals("pdp", engine.variant("s", r).orElseThrow().experiment());
        assertEquals("w", engine.variant("s", r.at(List.of("kibo.widget:cheap"))).orElseThrow().experiment());
        assertEquals("pdp", engine.variant("s", r.at(List.of("kibo.widget:other"))).orElseThrow().experiment());
    }

    @Test
    void aDisabledExperimentAssignsNoOne() {
        Map<String, String> s = new HashMap<>(SPLIT);
        s.put("experiment.pdp.enabled", "false");
        engine.configure("s", s);
        assertTrue(engine.variant("s", new RecommendRequest("ItemToItemRecommender", List.of("a"),
                List.of("userid:u"), 2)).isEmpty());
        assertEquals(1, Experiments.parse(s, null).all().size(), "still reported");
    }

    @Test
    void problemsNameTheSetting() {
        Map<String, String> s = new HashMap<>();
        s.put("experiment.bad name.placement", "X");
        s.put("experiment.e.placement", "NoSuchRecommender");
        s.put("experiment.e.variants", "A");
        s.put("experiment.e.variant.A.weight", "-1");
        s.put("experiment.e.variant.C.weight", "1");
        s.put("experiment.e.colour", "red");
        s.put("experiment.f.variants", "A,B");
        List<String> problems = Experiments.parse(s, Set.of("ItemToItemRecommender")).problems();
        String all = String.join("\n", problems);
        for (String expected : List.of("experiment name 'bad name'", "'NoSuchRecommender' is no recommender",
                "experiment.e.variants needs at least two", "experiment.e.variant.A.weight '-1'",
                "experiment.e.variant.C.weight names no variant", "unknown setting experiment.e.colour",
                "experiment.f.placement is missing")) {
            assertTrue(all.contains(expected), expected + " in:\n" + all);
        }
        assertTrue(Experiments.parse(s, null).all().isEmpty());
        Map<String, String> twice = new HashMap<>(SPLIT);
        twice.putAll(Map.of("experiment.pdp2.placement", "ItemToItemRecommender", "experiment.pdp2.variants", "A,B"));
        assertTrue(String.join("", Experiments.parse(twice, null).problems()).contains("already runs at placement"));
        assertNotEquals(List.of(), Experiments.parse(Map.of("experiment.x", "y"), null).problems());
    }
}
