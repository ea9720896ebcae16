package io.anbefal.demo;

import io.anbefal.demo.Catalog.Product;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoSeedTest {

    private static final long NOW = 1_795_000_000_000L;
    private final Catalog catalog = Catalog.standard();
    private final List<SeedEvent> history = DemoSeed.history(NOW);

    @Test
    void deterministic() {
        assertEquals(history, DemoSeed.history(NOW));
        List<SeedEvent> later = DemoSeed.history(NOW + 1000);
        assertEquals(history.size(), later.size());
        for (int i = 0; i < history.size(); i++) {
            assertEquals(history.get(i).timeMillis() + 1000, later.get(i).timeMillis());
            assertEquals(history.get(i).entityIDs(), later.get(i).entityIDs());
        }
        assertNotEquals(history, DemoSeed.history(catalog, NOW, 42L), "another seed gives another history");
    }

    @Test
    void sizeAndShape() {
        Map<String, Long> perWhat = history.stream().collect(Collectors.groupingBy(SeedEvent::what, Collectors.counting()));
        long customers = history.stream().map(SeedEvent::customer).distinct().count();
        assertTrue(customers >= 250 && customers <= 500, "customers " + customers);
        assertTrue(history.size() >= 2000 && history.size() <= 10_000, "events " + history.size());
        assertEquals(Set.of("BROWSE", "ADDTOCART", "PURCHASE"), perWhat.keySet());
        assertTrue(perWhat.get("BROWSE") > perWhat.get("ADDTOCART"), perWhat.toString());
        assertTrue(perWhat.get("ADDTOCART") > perWhat.get("PURCHASE"), perWhat.toString());
        assertTrue(perWhat.get("PURCHASE") >= 200, perWhat.toString());
    }

    @Test
    void timesAreWithinTheLastThirtyDaysInOrder() {
        long from = NOW - TimeUnit.DAYS.toMillis(30);
        long previous = Long.MIN_VALUE;
        for (SeedEvent e : history) {
            assertTrue(e.timeMillis() >= from && e.timeMillis() < NOW, "time " + e.timeMillis());
            assertTrue(e.timeMillis() >= previous, "ordered by time");
            previous = e.timeMillis();
        }
        long days = history.stream().map(e -> (e.timeMillis() - from) / TimeUnit.DAYS.toMillis(1)).distinct().count();
        assertTrue(days >= 28, "spread over the month: " + days + " days");
    }

    @Test
    void everyEntityIsACatalogProduct() {
        for (SeedEvent e : history) {
            assertTrue(!e.entityIDs().isEmpty());
            for (String id : e.entityIDs()) {
                assertTrue(catalog.product(id).isPresent(), id);
            }
            assertTrue(e.tags().isEmpty());
        }
        Set<String> touched = history.stream().flatMap(e -> e.entityIDs().stream()).collect(Collectors.toSet());
        assertTrue(touched.size() >= catalog.products().size() * 0.8, "most products occur: " + touched.size());
    }

    @Test
    void customersKeepToTheirFavouriteCategories() {
        Map<String, Map<String, Integer>> perCustomer = new HashMap<>();
        for (SeedEvent e : history) {
            if (e.what().equals("BROWSE")) {
                String cat = catalog.product(e.entityIDs().getFirst()).orElseThrow().category();
                perCustomer.computeIfAbsent(e.customer(), k -> new HashMap<>()).merge(cat, 1, Integer::sum);
            }
        }
        // the share of browses in each customer's single most browsed category, over active customers
        int active = 0;
        double share = 0;
        for (Map<String, Integer> cats : perCustomer.values()) {
            int total = cats.values().stream().mapToInt(Integer::intValue).sum();
            if (total >= 10) {
                active++;
                share += cats.values().stream().mapToInt(Integer::intValue).max().orElse(0) / (double) total;
            }
        }
        assertTrue(active >= 30, "active customers " + active);
        // with 10 equally likely categories a uniform shopper would be near 0.1-0.3
        assertTrue(share / active > 0.45, "category affinity " + share / active);
    }

    @Test
    void basketsFollowGoesWithFarMoreThanChance() {
        int pairs = 0;
        int related = 0;
        for (SeedEvent e : history) {
            if (!e.what().equals("PURCHASE") || e.entityIDs().size() < 2) {
                continue;
            }
            List<Product> basket = e.entityIDs().stream().map(id -> catalog.product(id).orElseThrow()).toList();
            for (int i = 0; i < basket.size(); i++) {
                for (int j = i + 1; j < basket.size(); j++) {
                    pairs++;
                    if (goTogether(basket.get(i), basket.get(j))) {
                        related++;
                    }
                }
            }
        }
        // the same measure over random pairs
        Random random = new Random(1);
        List<Product> all = catalog.products();
        int chance = 0;
        for (int k = 0; k < 10_000; k++) {
            if (goTogether(all.get(random.nextInt(all.size())), all.get(random.nextInt(all.size())))) {
                chance++;
            }
        }
        assertTrue(pairs >= 100, "multi-item baskets give pairs: " + pairs);
        double rate = related / (double) pairs;
        assertTrue(rate > 0.5, "co-purchase rate " + rate);
        assertTrue(rate > 5 * chance / 10_000.0, "co-purchase rate " + rate + " vs chance " + chance / 10_000.0);
    }

    private static boolean goTogether(Product a, Product b) {
        return a.goesWith().contains(b.kind()) || b.goesWith().contains(a.kind());
    }

    @Test
    void sampleCustomersAreActiveRegulars() {
        List<SampleCustomer> samples = DemoSeed.sampleCustomers();
        assertTrue(samples.size() >= 4);
        Set<String> ids = new HashSet<>();
        for (SampleCustomer c : samples) {
            assertTrue(ids.add(c.id()));
            assertTrue(c.id().matches("cust-\\d{4}"), c.id());
            assertTrue(!c.favouriteCategories().isEmpty());
            long events = history.stream().filter(e -> e.customer().equals(c.id())).count();
            assertTrue(events >= 25, c.id() + " has only " + events + " events");
        }
    }

    @Test
    void catalogFactsCoverEveryProduct() {
        List<SeedEvent> facts = DemoSeed.catalogFacts(NOW);
        assertEquals(catalog.products().size(), facts.size());
        for (SeedEvent f : facts) {
            Product p = catalog.product(f.customer()).orElseThrow();
            assertEquals(List.of(p.category()), f.entityIDs());
            assertEquals(List.of(DemoSeed.CATALOG_TAG), f.tags());
        }
    }
}
