package io.anbefal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.DoubleStream;

/**
 * What the engine learns of one service, in dense int ids and primitive arrays. Not thread-safe by itself:
 * {@link ScoringEngine} guards it with a read-write lock.
 * <p>
 * The model is a time-aware item co-occurrence graph: each interaction of a person with an item adds weight to
 * the edges between that item and the person's {@code window} previous items, {@code 1/d^decay} at sequence
 * distance d (the sequence-aware neighbourhood of Ludewig and Jannach, "Evaluation of session-based
 * recommendation algorithms", UMUAI 2018; the popularity normalisation is Aiolli's asymmetric cosine, RecSys
 * 2013). Everything is updated in place on every event, so the next request sees it. The persons and their
 * links are {@link Persons}; the sorted lists derived for requests are {@link NeighbourLists}; the snapshot form
 * is {@link SnapshotCodec}'s.
 */
final class ServiceModel {

    EngineSettings settings;
    final IdIndex items = new IdIndex();
    final Persons persons = new Persons();
    final NeighbourLists lists = new NeighbourLists(this);
    float[] popularity = new float[16];
    double[] trend = new double[16];
    boolean[] category = new boolean[16];
    int[][] itemCategories = new int[16][];
    final List<IntFloatMap> cooccurrence = new ArrayList<>();
    long trendOrigin = Long.MIN_VALUE;
    long events;
    /**
     * Bumped by what changes answers beyond the persons and the lists they read: settings, a new entity (an asked
     * id that becomes an item is excluded), a category. {@link AnswerCache} compares it.
     */
    long structure;
    /**
     * Whether requests take the plain path under rules (score the catalog, as before the fast paths): a test
     * compares both paths' answers.
     */
    boolean straightforward;
    /** The clock of the lists' refresh ({@link NeighbourLists}); a test may hold it still. */
    LongSupplier nanoClock = System::nanoTime;

    /** The popularity exponents the recommenders use (their alphas and betas), and pop^-exponent per item. */
    private double[] exponents = new double[0];
    private float[][] inversePowers = new float[0][];
    /** {@code 1 / d^distanceDecay} for the distances d a link can have, but for the largest events. */
    private float[] distanceWeights;

    ServiceModel(EngineSettings settings) {
        configure(settings);
    }

    /** New settings: the popularity powers are computed anew for the exponents they use, and the caches emptied. */
    void configure(EngineSettings settings) {
        this.settings = settings;
        structure++;
        distanceWeights = new float[settings.window() + 64];
        for (int d = 1; d < distanceWeights.length; d++) {
            distanceWeights[d] = (float) (1 / Math.pow(d, settings.distanceDecay()));
        }
        exponents = settings.recommenders().values().stream()
                .flatMapToDouble(spec -> DoubleStream.of(spec.alpha(), spec.beta()))
                .distinct().toArray();
        inversePowers = new float[exponents.length][popularity.length];
        lists.reset(exponents.length, popularity.length);
        for (int i = 0; i < items.size(); i++) {
            updatePowers(i);
        }
    }

    /** How many popularity exponents the recommenders use (rows of the popularity powers). */
    int exponentCount() {
        return exponents.length;
    }

    /** Index of an exponent for {@link #inversePower}. */
    int exponent(double exponent) {
        for (int e = 0; e < exponents.length; e++) {
            if (exponents[e] == exponent) {
                return e;
            }
        }
        throw new IllegalArgumentException("exponent not configured: " + exponent);
    }

    /** {@code popularity(item)^-exponent}, kept up to date on every event. */
    float inversePower(int exponent, int item) {
        return inversePowers[exponent][item];
    }

    /** {@code popularity^-exponent} of every item. */
    float[] inversePowers(int exponent) {
        return inversePowers[exponent];
    }

    /** Whether a dense id is an entity that is recommended as an item (not a category). */
    boolean isItem(int i) {
        return !category[i];
    }

    /** Whether a dense id is a category. */
    boolean isCategory(int i) {
        return category[i];
    }

    private void updatePowers(int i) {
        double pop = Math.max(popularity[i], 1e-6f);
        for (int e = 0; e < exponents.length; e++) {
            inversePowers[e][i] = (float) Math.pow(pop, -exponents[e]);
        }
    }

    /** The dense id of an entity, created if new. */
    int item(String id) {
        int i = items.intern(id);
        if (i == cooccurrence.size()) {
            structure++;
            cooccurrence.add(new IntFloatMap());
            if (i == popularity.length) {
                int n = i * 2;
                popularity = Arrays.copyOf(popularity, n);
                trend = Arrays.copyOf(trend, n);
                category = Arrays.copyOf(category, n);
                itemCategories = Arrays.copyOf(itemCategories, n);
                for (int e = 0; e < inversePowers.length; e++) {
                    inversePowers[e] = Arrays.copyOf(inversePowers[e], n);
                }
                lists.grow(n);
            }
            updatePowers(i);
            category[i] = settings.categories().contains(id);
        }
        return i;
    }

    // --- learning ---------------------------------------------------------------------------------

    void apply(Event e) {
        events++;
        if (e.tags().contains(settings.categoryTag())) {
            catalogFact(e);
            return;
        }
        Person p = persons.person(e.person());
        p.version++;
        String what = e.what();
        if ("RECEXPOSURE".equals(what)) {
            for (String id : e.entities()) {
                p.exposures.add(item(id), 1f);
            }
            return;
        }
        if ("RECCLICK".equals(what)) {
            for (String id : e.entities()) {
                p.clicks.add(item(id), 1f);
            }
        }
        float w = settings.weight(what) * (e.boost() == null ? 1f : e.boost().floatValue());
        if (w <= 0) {
            return;
        }
        boolean purchase = "PURCHASE".equals(what);
        int start = p.length;
        for (String id : e.entities()) {
            int i = item(id);
            if (category[i]) {
                p.categories.add(i, w);
                continue;
            }
            popularity[i] += w;
            updatePowers(i);
            addTrend(i, w, e.timeMillis());
            if (p.length == 0 || p.seq[p.length - 1] != i) {
                cooccur(p, i, w, start);
                p.append(i, w, e.timeMillis());
            }
            p.interacted.add(i, w);
            if (purchase) {
                p.purchased.add(i, 1f);
            }
        }
    }

    /** {@code alias}'s history joins {@code person}'s; both ids count as one person from now on. */
    void link(String alias, String person) {
        persons.link(alias, person);
    }

    /** Adds co-occurrence between item i and the person's previous items: distance 1 within one event. */
    private void cooccur(Person p, int i, float w, int eventStart) {
        int window = settings.window();
        int from = Math.max(0, Math.min(eventStart, p.length) - window);
        for (int k = p.length - 1; k >= from; k--) {
            int j = p.seq[k];
            if (j == i) {
                continue;
            }
            int distance = k >= eventStart ? 1 : eventStart - k;
            float c = (float) Math.sqrt(w * p.seqWeight[k]) * (distance < distanceWeights.length
                    ? distanceWeights[distance] : (float) (1 / Math.pow(distance, settings.distanceDecay())));
            cooccurrence.get(i).add(j, c);
            cooccurrence.get(j).add(i, c);
        }
    }

    private void catalogFact(Event e) {
        structure++;
        int item = item(e.person());
        int[] cats = new int[e.entities().size()];
        for (int k = 0; k < cats.length; k++) {
            cats[k] = item(e.entities().get(k));
            category[cats[k]] = true;
        }
        itemCategories[item] = cats;
    }

    private void addTrend(int i, float w, long time) {
        if (trendOrigin == Long.MIN_VALUE) {
            trendOrigin = time;
        }
        double exponent = (double) (time - trendOrigin) / settings.halfLifeMillis();
        if (exponent > 500) {
            double scale = Math.pow(2, -exponent);
            for (int k = 0; k < items.size(); k++) {
                trend[k] *= scale;
            }
            trendOrigin = time;
            exponent = 0;
        }
        trend[i] += w * Math.pow(2, exponent);
    }

    ServiceCounts counts() {
        return new ServiceCounts(persons.roots(), items.size(), events);
    }
}
