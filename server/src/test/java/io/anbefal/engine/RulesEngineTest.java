package io.anbefal.engine;

import io.anbefal.engine.rules.RuleContext;
import io.anbefal.engine.rules.RuleSyntaxException;
import io.anbefal.engine.rules.Rules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule layer through the engine: filters, conditional filters, the blacklist, pins, ranks, tags, settings. */
class RulesEngineTest {

    private final ScoringEngine engine = new ScoringEngine();
    private final Map<String, Double> prices = new HashMap<>();
    private long time = 1_700_000_000_000L;

    private void event(String person, String what, String... entities) {
        engine.apply("s", List.of(new Event(person, List.of(entities), what, null, null, List.of(), time += 1000, null,
                null)));
    }

    /**
     * {@code n} products {@code p0..}: product i is bought by {@code n - i} persons (p0 most popular) and costs
     * {@code price(i)}; every product is in department {@code even} or {@code odd}, brand Acme every third.
     */
    private void catalog(int n, java.util.function.IntToDoubleFunction price) {
        Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n - i; k++) {
                event("u" + i + "_" + k, "PURCHASE", "p" + i);
            }
            prices.put("p" + i, price.applyAsDouble(i));
            records.put("p" + i, Map.of("product_id", "p" + i, "price", price.applyAsDouble(i),
                    "dept", i % 2 == 0 ? "even" : "odd", "brand", i % 3 == 0 ? "Acme" : "Other",
                    "released", "2026-01-" + String.format("%02d", 1 + i % 28)));
        }
        engine.putAttributes("s", records);
    }

    private Recommendation ask(String recommender, List<String> ids, List<String> tags, int num, String rules,
                               Map<String, List<String>> context) {
        return engine.recommend("s", new RecommendRequest(recommender, ids, tags, num, Rules.parse(rules),
                new RuleContext(context))).orElseThrow();
    }

    private Recommendation popular(int num, String rules) {
        return ask("PopularRecommender", List.of(), List.of(), num, rules, Map.of());
    }

    private static List<String> ids(Recommendation r) {
        return r.items().stream().map(Recommendation.ScoredItem::id).toList();
    }

    @Test
    void theSeedsValidationExampleAnswersOnlyProductsUnderTenAllOfThemWhenFewerThanTenExist() {
        // 20 products; the cheap ones (5 of them) are the least popular
        catalog(20, i -> i < 15 ? 50 + i : i - 14.5);
        Recommendation unfiltered = popular(10, null);
        assertEquals(10, unfiltered.items().size());
        assertTrue(unfiltered.items().stream().allMatch(i -> prices.get(i.id()) >= 10), "the premise: none cheap");
        Recommendation r = popular(10, "price < 10");
        assertEquals(List.of("p15", "p16", "p17", "p18", "p19"), ids(r));
        assertEquals(List.of(16, 17, 18, 19, 20), r.items().stream().map(Recommendation.ScoredItem::rank).toList());
        assertEquals(List.of(1, 2, 3), popular(3, null).items().stream().map(Recommendation.ScoredItem::rank).toList());
    }

    @Test
    void answersUnderRulesAreReusedWhileTheAttributesStayAndNeverAfterTheyChange() {
        catalog(20, i -> i < 10 ? 5 : 100);
        assertEquals(List.of("p0", "p1", "p2"), ids(popular(3, "price < 10")));
        assertEquals(List.of("p0", "p1", "p2"), ids(popular(3, "price < 10")));
        assertEquals(1, engine.answerCache("s").hits(), "the same rules and attributes: the kept answer");
        // only the attributes change (no event, no setting): the kept answer would now be wrong
        Map<String, Map<String, Object>> repriced = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            repriced.put("p" + i, Map.of("product_id", "p" + i, "price", i < 10 ? 100.0 : 5.0));
        }
        engine.putAttributes("s", repriced);
        assertEquals(List.of("p10", "p11", "p12"), ids(popular(3, "price < 10")));
        assertEquals(1, engine.answerCache("s").hits(), "a price change: computed anew");
        assertEquals(List.of("p10", "p11", "p12"), ids(popular(3, "price < 10")));
        assertEquals(2, engine.answerCache("s").hits());
        // one item's merged attribute (as an item fact of an update carries it), then a removed catalog record
        engine.mergeAttributes("s", "p20", Map.of("price", "1")); // an item the model does not know: still a change
        engine.mergeAttributes("s", "p10", Map.of("colour", "red"));
        assertEquals(List.of("p10", "p11", "p12"), ids(popular(3, "price < 10")));
        assertEquals(2, engine.answerCache("s").hits(), "a merged attribute: computed anew");
        engine.removeAttributes("s", List.of("p10")); // without attributes it is unknown to the filter: not passed
        assertEquals(List.of("p11", "p12", "p13"), ids(popular(3, "price < 10")));
        assertEquals(2, engine.answerCache("s").hits(), "a removed record: computed anew");
        // the context is part of the key: a conditional filter kept under one context is not another's
        String conditional = "Request.cheap = true implies price < 10";
        Map<String, List<String>> cheap = Map.of("Request.cheap", List.of("true"));
        assertEquals(List.of("p11", "p12", "p13"), ids(ask("PopularRecommender", List.of(), List.of(), 3, conditional, cheap)));
        assertEquals(List.of("p0", "p1", "p2"), ids(ask("PopularRecommender", List.of(), List.of(), 3, conditional, Map.of())));
        assertEquals(List.of("p11", "p12", "p13"), ids(ask("PopularRecommender", List.of(), List.of(), 3, conditional, cheap)));
        assertEquals(3, engine.answerCache("s").hits());
        Recommendation first = popular(3, null);
        Recommendation again = popular(3, null);
        assertEquals(ids(first), ids(again));
        assertEquals(4, engine.answerCache("s").hits(), "without rules the answer is kept and reused");
        engine.putAttributes("s", Map.of("p0", Map.of("product_id", "p0", "price", 7.0)));
        popular(3, null);
        assertEquals(5, engine.answerCache("s").hits(), "an answer without rules reads no attribute: still kept");
    }

    @Test
    void aFilterThatManyPassHonoursNum() {
        catalog(40, i -> i % 2 == 0 ? 5 : 100);
        Recommendation r = popular(10, "price < 10");
        assertEquals(10, r.items().size());
        assertTrue(r.items().stream().allMatch(i -> prices.get(i.id()) < 10));
        assertEquals(List.of(1, 3, 5), r.items().subList(0, 3).stream().map(Recommendation.ScoredItem::rank).toList());
    }

    @Test
    void theOperatorsListsRangesPresenceAndBooleans() {
        catalog(12, i -> i);
        assertEquals(List.of("p3"), ids(popular(20, "price = 3")));
        assertEquals(11, popular(20, "price != 3").items().size());
        assertEquals(List.of("p0", "p1", "p2", "p3"), ids(popular(20, "price <= 3")));
        assertEquals(List.of("p10", "p11"), ids(popular(20, "price > 9")));
        assertEquals(List.of("p9", "p10", "p11"), ids(popular(20, "price >= 9")));
        assertEquals(List.of("p2", "p3", "p4"), ids(popular(20, "price between 2 and 4")));
        assertEquals(List.of("p0", "p3", "p6", "p9"), ids(popular(20, "brand in (Acme, \"Nope\")")));
        assertEquals(List.of("p0", "p6"), ids(popular(20, "brand = Acme and dept = even")));
        assertEquals(List.of("p0", "p2", "p3"), ids(popular(20, "brand = Acme and price < 5 or price = 2")));
        assertEquals(List.of("p1", "p5", "p7", "p11"), ids(popular(20, "not dept = even and not brand in (Acme)")));
        assertEquals(12, popular(20, "price exists").items().size());
        assertEquals(0, popular(20, "colour exists").items().size());
        assertEquals(List.of("p0", "p1"), ids(popular(20, "released < 2026-01-03")));
        assertEquals(List.of("p11"), ids(popular(20, "released >= \"2026-01-12\"")));
    }

    @Test
    void itemsWithoutAttributesPassOnlyWhatAMissingAttributeSatisfies() {
        catalog(4, i -> i);
        event("x", "PURCHASE", "unlisted");
        assertFalse(ids(popular(20, "price < 10")).contains("unlisted"));
        assertTrue(ids(popular(20, "not price < 10")).contains("unlisted"));
        assertTrue(ids(popular(20, "dept != even")).contains("unlisted"));
    }

    @Test
    void aConditionalFilterAppliesOnlyWhenItsAntecedentHolds() {
        catalog(10, i -> i * 50);
        String rule = "Request.Luxury=true implies price > 200";
        assertEquals(10, ask("PopularRecommender", List.of(), List.of(), 20, rule, Map.of()).items().size());
        assertEquals(10, ask("PopularRecommender", List.of(), List.of(), 20, rule,
                Map.of("Request.luxury", List.of("false"))).items().size());
        assertEquals(List.of("p5", "p6", "p7", "p8", "p9"), ids(ask("PopularRecommender", List.of(), List.of(), 20,
                rule, Map.of("REQUEST.LUXURY", List.of("true")))));
        // the seed's own wording: a bare attribute is "= true"
        assertEquals(5, ask("PopularRecommender", List.of(), List.of(), 20, "Request.Luxury implies price > 200",
                Map.of("Request.Luxury", List.of("true"))).items().size());
    }

    @Test
    void contextValuesOnTheRightReadTheAskedProductOrTheRequest() {
        catalog(10, i -> i);
        for (int i = 1; i < 10; i++) {
            event("v" + i, "BROWSE", "p0");
            event("v" + i, "BROWSE", "p" + i);
        }
        Recommendation r = ask("ItemToItemRecommender", List.of("p0"), List.of(), 20, "dept = Product.dept", Map.of());
        assertEquals(List.of("p2", "p4", "p6", "p8"), ids(r).stream().sorted().toList());
        Recommendation odd = ask("ItemToItemRecommender", List.of("p0"), List.of(), 20, "dept = Product.dept",
                Map.of("Product.dept", List.of("odd")));
        assertTrue(ids(odd).stream().allMatch(id -> Integer.parseInt(id.substring(1)) % 2 == 1), ids(odd).toString());
    }

    @Test
    void theBlacklistExcludes() {
        catalog(5, i -> i);
        assertEquals(List.of("p0", "p2", "p4"), ids(popular(10, "exclude p1, p3")));
        assertEquals(List.of("p0", "p4"), ids(popular(10, "exclude p1, p3; price != 2")));
    }

    @Test
    void pinsLandInTheirSlots() {
        catalog(10, i -> i);
        Recommendation r = popular(5, "pin p9 at 2; pin where brand = Acme and price > 4 at 4");
        assertEquals(List.of("p0", "p9", "p1", "p6", "p2"), ids(r));
        assertEquals(Recommendation.Placement.ITEM_PIN, r.items().get(1).placement());
        assertEquals(Recommendation.Placement.FILTER_PIN, r.items().get(3).placement());
        assertEquals(7, r.items().get(3).rank());
        assertEquals(Recommendation.Placement.RANKED, r.items().get(2).placement());
        // a filter pin answers under the filters too; a pin past num is ignored; one pin per slot
        assertEquals(List.of("p0", "p2", "p3"), ids(popular(3, "price != 1; pin where price < 9 at 1; pin p8 at 9")));
        assertEquals(List.of("p7", "p0", "p1"), ids(popular(3, "pin p7 at 1; pin p8 at 1")));
        // too few ranked items: the later pins close up
        assertEquals(List.of("p0", "p7"), ids(popular(10, "price < 1; pin p7 at 5")));
    }

    @Test
    void pairPinsFireOnlyWithTheirContext() {
        catalog(10, i -> i);
        for (int i = 1; i < 4; i++) {
            event("w" + i, "BROWSE", "p0");
            event("w" + i, "BROWSE", "p" + i);
        }
        String rule = "pair p0 -> p9 at 1";
        Recommendation with = ask("ItemToItemRecommender", List.of("p0"), List.of(), 3, rule, Map.of());
        assertEquals("p9", with.items().getFirst().id());
        assertEquals(Recommendation.Placement.PAIR_PIN, with.items().getFirst().placement());
        Recommendation without = ask("ItemToItemRecommender", List.of("p1"), List.of(), 3, rule, Map.of());
        assertFalse(ids(without).contains("p9"));
        Recommendation byContext = ask("PopularRecommender", List.of(), List.of(), 3, rule,
                Map.of("Product.id", List.of("p0")));
        assertEquals("p9", byContext.items().getFirst().id());
    }

    @Test
    void tagsCarryFiltersRulesAndContext() {
        catalog(20, i -> i);
        Recommendation r = ask("PopularRecommender", List.of(), List.of("filter:price<10"), 20, null, Map.of());
        assertEquals(ids(popular(20, "price < 10")), ids(r));
        assertEquals(List.of("p3"), ids(ask("PopularRecommender", List.of(), List.of("rule:exclude p0; price < 4",
                "filter:price > 2"), 20, null, Map.of())));
        assertEquals(List.of("p19"), ids(ask("PopularRecommender", List.of(),
                List.of("ctx:Request.luxury=true", "rule:Request.luxury = true implies price > 18"), 20, null, Map.of())));
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class,
                () -> ask("PopularRecommender", List.of(), List.of("filter:price <"), 20, null, Map.of()));
        assertTrue(e.getMessage().contains("price <"), e.getMessage());
    }

    @Test
    void anInstancesRulesComeFromItsSettingsAndFilterItsFallbackToo() {
        catalog(20, i -> i);
        engine.configure("s", Map.of("recommender.cheap.type", "ItemToItemRecommender",
                "recommender.cheap.rules", "price < 5", "recommender.broken.type", "PopularRecommender",
                "recommender.broken.rules", "price <<"));
        // no history for the asked item: the popular fallback fills in, under the instance's rules
        Recommendation r = ask("cheap", List.of("nothing"), List.of(), 10, null, Map.of());
        assertEquals(List.of("p0", "p1", "p2", "p3", "p4"), ids(r));
        assertEquals("PopularRecommender", r.origin());
        assertEquals("PopularRecommender", r.items().getFirst().origin());
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class,
                () -> ask("broken", List.of(), List.of(), 10, null, Map.of()));
        assertTrue(e.getMessage().contains("recommender.broken.rules"), e.getMessage());
        assertThrows(RuleSyntaxException.class, () -> Engine.checkSetting("recommender.x.rules", "pin at 1"));
    }

    @Test
    void aFilterSeesTheWholeCatalogNotJustTheTrendingListsTop() {
        // 1,100 products, the popular list holds the strongest 1,000: the three cheap ones are beyond it
        Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            for (int k = 0; k < 1 + (1100 - i) / 100; k++) {
                events.add(new Event("u" + i + "_" + k, List.of("p" + i), "PURCHASE", null, null, List.of(),
                        time += 1000, null, null));
            }
            records.put("p" + i, Map.of("price", i >= 1097 ? 5 : 100));
        }
        engine.apply("s", events);
        engine.putAttributes("s", records);
        Recommendation r = popular(10, "price < 10");
        // p0..p1000 were bought at least twice, the rest once (the latest trends most among equals)
        assertEquals(List.of("p1099", "p1098", "p1097"), ids(r));
        assertEquals(List.of(1002, 1003, 1004), r.items().stream().map(Recommendation.ScoredItem::rank).toList());
        assertEquals(List.of("p0", "p100"), ids(popular(2, "price > 10")), "a loose filter reads the list alone");
    }

    @Test
    void compiledRulesFollowNewItemsAndTheirContext() {
        catalog(3, i -> i);
        assertEquals(List.of("p0", "p1", "p2"), ids(popular(10, "price < 5")));
        engine.putAttributes("s", Map.of("late", Map.of("price", 1)));
        event("z", "BROWSE", "p0");
        event("z", "BROWSE", "late"); // new to the model after the rules were compiled
        assertEquals(List.of("late"), ids(ask("ItemToItemRecommender", List.of("p0"), List.of(), 1, "price < 5",
                Map.of())));
        String rule = "Request.max = 1 implies price < 1";
        assertEquals(1, ask("PopularRecommender", List.of(), List.of(), 10, rule,
                Map.of("Request.max", List.of("1"))).items().size());
        assertEquals(popular(10, null).items().size(), ask("PopularRecommender", List.of(), List.of(), 10, rule,
                Map.of("Request.max", List.of("2"))).items().size(), "another context is another compile");
    }

    @Test
    void attributesFollowTheCatalogAndSurviveAClear() {
        catalog(5, i -> i);
        engine.putAttributes("s", Map.of("p4", Map.of("price", 1)));
        assertEquals(List.of("p0", "p1", "p4"), ids(popular(10, "price < 2")));
        engine.removeAttributes("s", List.of("p0"));
        assertEquals(List.of("p1", "p4"), ids(popular(10, "price < 2")));
        engine.mergeAttributes("s", "p1", Map.of("colour", "red"));
        assertEquals(List.of("p1"), ids(popular(10, "price < 2 and colour = red")));
        engine.clear("s");
        catalog(5, i -> 100);
        assertEquals(List.of(), ids(popular(10, "price < 2")));
    }
}
