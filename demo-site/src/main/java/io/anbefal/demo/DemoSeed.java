package io.anbefal.demo;

import io.anbefal.demo.Catalog.Category;
import io.anbefal.demo.Catalog.Product;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A realistic, generated shopping history for the demo catalog, so that the shelves make sense on the
 * first visit. Every customer has one to three favourite categories; a visit browses a few products in
 * one category (comparing products of the same kind, wandering to things that go with them), sometimes
 * puts one or two in the cart, and sometimes buys the cart. Products within a category are not equally
 * popular (a Zipf-like curve), and baskets follow the catalog's {@code goesWith} relations, which gives
 * the item-to-item and basket recommenders real co-purchase structure to learn.
 *
 * <p>Deterministic: the same {@code now} always gives the same history; only the timestamps move with it.
 */
public final class DemoSeed {

    /** Number of generated customers. */
    public static final int CUSTOMERS = 320;
    /** How far back the history reaches. */
    public static final long SPAN_MILLIS = TimeUnit.DAYS.toMillis(30);
    /** The tag that marks a catalog fact (product → category), as the Sannsyn clients sent it. */
    public static final String CATALOG_TAG = "itemcat";

    private static final long SEED = 0x5EED_2026L;
    private static final int SAMPLES = 6;
    /** Catalog category indexes of the sample customers' first loves: kitchen, outdoor, coffee, audio, garden, toys. */
    private static final int[] SAMPLE_TASTES = {0, 2, 1, 4, 6, 7};
    private static final String[] NAMES = {
        "Ingrid", "Magnus", "Sofie", "Henrik", "Nora", "Emil", "Astrid", "Jonas", "Sigrid", "Lars",
        "Maja", "Olav", "Ella", "Tobias", "Frida", "Aksel", "Hedda", "Sander", "Tuva", "Kristian",
    };

    private DemoSeed() {
    }

    /** The seed history of the standard catalog, ending just before {@code nowMillis}, ordered by time. */
    public static List<SeedEvent> history(long nowMillis) {
        return history(Catalog.standard(), nowMillis, SEED);
    }

    /** The sample customers a visitor can sign in as (the most active customers of the history). */
    public static List<SampleCustomer> sampleCustomers() {
        return profiles(Catalog.standard(), SEED).subList(0, SAMPLES).stream()
                .map(p -> new SampleCustomer(p.id, p.name, p.favourites)).toList();
    }

    /**
     * One catalog fact per product ({@code customer} = product, {@code entityIDs} = its category,
     * tags {@code ["itemcat"]}), dated at the start of the history. Optional: lets category-aware
     * recommenders know the categories.
     */
    public static List<SeedEvent> catalogFacts(long nowMillis) {
        long t = nowMillis - SPAN_MILLIS;
        return Catalog.standard().products().stream()
                .map(p -> new SeedEvent(p.id(), List.of(p.category()), "CATALOG", List.of(CATALOG_TAG), t))
                .toList();
    }

    private static final class Profile {
        final String id;
        final String name;
        final List<String> favourites;
        final int visits;
        final boolean sample;

        Profile(String id, String name, List<String> favourites, int visits, boolean sample) {
            this.id = id;
            this.name = name;
            this.favourites = favourites;
            this.visits = visits;
            this.sample = sample;
        }
    }

    private static List<Profile> profiles(Catalog catalog, long seed) {
        Random random = new Random(seed);
        List<Category> cats = catalog.categories();
        List<Profile> profiles = new ArrayList<>(CUSTOMERS);
        for (int i = 0; i < CUSTOMERS; i++) {
            int favouriteCount = 1 + (random.nextDouble() < 0.45 ? 1 : 0) + (random.nextDouble() < 0.2 ? 1 : 0);
            Set<String> favourites = new LinkedHashSet<>();
            if (i < SAMPLES) {
                // sample customers show different tastes on the sign-in page
                favourites.add(cats.get(SAMPLE_TASTES[i] % cats.size()).id());
                favouriteCount = Math.max(favouriteCount, 2);
            }
            while (favourites.size() < favouriteCount) {
                // some categories are more popular than others: a skewed pick
                int k = (int) (cats.size() * Math.pow(random.nextDouble(), 1.4));
                favourites.add(cats.get(k).id());
            }
            // heavy-tailed activity; the sample customers (the first few) are regulars
            int visits = i < SAMPLES ? 10 + random.nextInt(5) : 1 + (int) (-Math.log(1 - random.nextDouble()) * 2.6);
            String name = NAMES[i % NAMES.length];
            profiles.add(new Profile(customerId(i + 1), name, List.copyOf(favourites), Math.min(visits, 20), i < SAMPLES));
        }
        return profiles;
    }

    static String customerId(int n) {
        String digits = Integer.toString(n);
        return "cust-" + "0000".substring(digits.length()) + digits;
    }

    static List<SeedEvent> history(Catalog catalog, long nowMillis, long seed) {
        List<Profile> profiles = profiles(catalog, seed);
        Random random = new Random(seed * 31 + 7);
        Popularity popularity = new Popularity(catalog, random);
        List<SeedEvent> events = new ArrayList<>();
        long start = nowMillis - SPAN_MILLIS;
        for (Profile customer : profiles) {
            for (int v = 0; v < customer.visits; v++) {
                // leave the last hour free so that live events are always the newest
                long at = start + (long) (random.nextDouble() * (SPAN_MILLIS - TimeUnit.HOURS.toMillis(2)));
                visit(customer, at, catalog, popularity, random, events);
            }
        }
        events.sort(Comparator.comparingLong(SeedEvent::timeMillis));
        return List.copyOf(events);
    }

    private static void visit(Profile customer, long at, Catalog catalog, Popularity popularity, Random random,
                              List<SeedEvent> out) {
        // the sample customers stay true to their tastes, so that signing in as one shows them at once
        boolean sample = customer.sample;
        String category = sample || random.nextDouble() < 0.82
                ? customer.favourites.get(skewedIndex(customer.favourites.size(), random))
                : catalog.categories().get(random.nextInt(catalog.categories().size())).id();
        Product current = popularity.pick(catalog.inCategory(category), random);
        int browses = 2 + random.nextInt(5);
        List<Product> seen = new ArrayList<>();
        long t = at;
        for (int b = 0; b < browses; b++) {
            out.add(event(customer.id, current, "BROWSE", t));
            seen.add(current);
            t += 20_000 + random.nextInt(160_000);
            double r = random.nextDouble();
            List<Product> next;
            if (r < 0.45) {
                next = popularity.ofKind(current.kind()); // comparing substitutes
            } else if (r < 0.75 || sample) {
                next = catalog.inCategory(current.category());
            } else {
                next = popularity.goingWith(current);
            }
            if (next.isEmpty()) {
                next = catalog.inCategory(current.category());
            }
            current = popularity.pick(next, random);
        }
        if (random.nextDouble() >= 0.38) {
            return; // just looking
        }
        List<Product> cart = new ArrayList<>();
        Product chosen = seen.get(random.nextInt(seen.size()));
        cart.add(chosen);
        out.add(event(customer.id, chosen, "ADDTOCART", t));
        int extras = random.nextDouble() < 0.55 ? 1 + (random.nextDouble() < 0.35 ? 1 : 0) : 0;
        for (int e = 0; e < extras; e++) {
            List<Product> companions = popularity.goingWith(cart.get(random.nextInt(cart.size())));
            if (companions.isEmpty()) {
                break;
            }
            Product extra = popularity.pick(companions, random);
            if (cart.contains(extra)) {
                continue;
            }
            t += 15_000 + random.nextInt(60_000);
            out.add(event(customer.id, extra, "BROWSE", t));
            t += 5_000 + random.nextInt(30_000);
            out.add(event(customer.id, extra, "ADDTOCART", t));
            cart.add(extra);
        }
        if (random.nextDouble() < 0.62) {
            t += 60_000 + random.nextInt(240_000);
            List<String> ids = cart.stream().map(Product::id).toList();
            out.add(new SeedEvent(customer.id, ids, "PURCHASE", List.of(), t));
        }
    }

    private static SeedEvent event(String customer, Product p, String what, long t) {
        return new SeedEvent(customer, List.of(p.id()), what, List.of(), t);
    }

    /** 0 most often, then 1, then 2. */
    private static int skewedIndex(int size, Random random) {
        double r = random.nextDouble();
        int i = r < 0.6 ? 0 : r < 0.88 ? 1 : 2;
        return Math.min(i, size - 1);
    }

    /** A fixed popularity weight per product (Zipf-like within its category), and pick helpers. */
    private static final class Popularity {
        private final Map<String, Double> weight = new HashMap<>();
        private final Map<String, List<Product>> byKind = new HashMap<>();

        Popularity(Catalog catalog, Random random) {
            for (Category c : catalog.categories()) {
                List<Product> ranked = new ArrayList<>(catalog.inCategory(c.id()));
                Collections.shuffle(ranked, random);
                for (int r = 0; r < ranked.size(); r++) {
                    weight.put(ranked.get(r).id(), 1.0 / Math.pow(r + 1, 0.9));
                }
            }
            for (Product p : catalog.products()) {
                byKind.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p);
            }
        }

        List<Product> ofKind(String kind) {
            return byKind.getOrDefault(kind, List.of());
        }

        List<Product> goingWith(Product p) {
            List<Product> all = new ArrayList<>();
            for (String kind : p.goesWith()) {
                all.addAll(ofKind(kind));
            }
            all.remove(p);
            return all;
        }

        Product pick(List<Product> from, Random random) {
            double total = 0;
            for (Product p : from) {
                total += weight.get(p.id());
            }
            double x = random.nextDouble() * total;
            for (Product p : from) {
                x -= weight.get(p.id());
                if (x <= 0) {
                    return p;
                }
            }
            return from.get(from.size() - 1);
        }
    }
}
