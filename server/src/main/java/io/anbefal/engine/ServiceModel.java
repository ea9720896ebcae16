package io.anbefal.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the engine knows of one service, in dense int ids and primitive arrays. Not thread-safe by itself:
 * {@link ScoringEngine} guards it with a read-write lock.
 * <p>
 * The model is a time-aware item co-occurrence graph: each interaction of a person with an item adds weight to
 * the edges between that item and the person's {@code window} previous items, {@code 1/d^decay} at sequence
 * distance d (the sequence-aware neighbourhood of Ludewig and Jannach, "Evaluation of session-based
 * recommendation algorithms", UMUAI 2018; the popularity normalisation is Aiolli's asymmetric cosine, RecSys
 * 2013). Everything is updated in place on every event, so the next request sees it.
 */
final class ServiceModel {

    /** What one person did: the item sequence and per-item sums. */
    static final class Person {
        int[] seq = new int[8];
        float[] seqWeight = new float[8];
        /** When each entry of {@link #seq} happened (its event's time), for merging linked histories. */
        long[] seqTime = new long[8];
        int length;
        final IntFloatMap interacted;
        final IntFloatMap purchased;
        final IntFloatMap exposures;
        final IntFloatMap clicks;
        final IntFloatMap categories;

        Person() {
            this(new IntFloatMap(), new IntFloatMap(), new IntFloatMap(), new IntFloatMap(), new IntFloatMap());
        }

        private Person(IntFloatMap interacted, IntFloatMap purchased, IntFloatMap exposures, IntFloatMap clicks,
                       IntFloatMap categories) {
            this.interacted = interacted;
            this.purchased = purchased;
            this.exposures = exposures;
            this.clicks = clicks;
            this.categories = categories;
        }

        void writeTo(DataOutput out) throws IOException {
            out.writeInt(length);
            for (int k = 0; k < length; k++) {
                out.writeInt(seq[k]);
                out.writeFloat(seqWeight[k]);
                out.writeLong(seqTime[k]);
            }
            for (IntFloatMap map : List.of(interacted, purchased, exposures, clicks, categories)) {
                map.writeTo(out);
            }
        }

        static Person readFrom(DataInput in) throws IOException {
            int n = in.readInt();
            int[] seq = new int[Math.max(8, n)];
            float[] weights = new float[seq.length];
            long[] times = new long[seq.length];
            for (int k = 0; k < n; k++) {
                seq[k] = in.readInt();
                weights[k] = in.readFloat();
                times[k] = in.readLong();
            }
            Person p = new Person(IntFloatMap.readFrom(in), IntFloatMap.readFrom(in), IntFloatMap.readFrom(in),
                    IntFloatMap.readFrom(in), IntFloatMap.readFrom(in));
            p.seq = seq;
            p.seqWeight = weights;
            p.seqTime = times;
            p.length = n;
            return p;
        }

        void append(int item, float weight, long time) {
            if (length == seq.length) {
                seq = Arrays.copyOf(seq, length * 2);
                seqWeight = Arrays.copyOf(seqWeight, length * 2);
                seqTime = Arrays.copyOf(seqTime, length * 2);
            }
            seq[length] = item;
            seqWeight[length] = weight;
            seqTime[length++] = time;
        }
    }

    EngineSettings settings;
    /** The popularity exponents the recommenders use (their alphas and betas), and pop^-exponent per item. */
    private double[] exponents = new double[0];
    private float[][] inversePowers = new float[0][];
    /** Per exponent and item: its strongest neighbours, built on demand by readers and rebuilt when stale. */
    private Neighbours[][] neighbourCache = new Neighbours[0][];

    /**
     * An item's strongest neighbours j with weights {@code c(i,j) * pop(j)^-beta}, sorted strongest first.
     * Final fields: safe to publish from a reader thread through a plain array store.
     */
    static final class Neighbours {
        final int[] items;
        final float[] weights;
        final int rowSize;
        final int rowChanges;
        final long builtNanos;

        Neighbours(int[] items, float[] weights, int rowSize, int rowChanges) {
            this.items = items;
            this.weights = weights;
            this.rowSize = rowSize;
            this.rowChanges = rowChanges;
            this.builtNanos = System.nanoTime();
        }
    }

    /** The most trending items, strongest first, and the event count when it was built. */
    private volatile Neighbours trending;
    private static final int TRENDING = 1000;

    /** The strongest trending items: rebuilt when events came in and the list is over a second old. */
    Neighbours trending() {
        Neighbours cached = trending;
        if (cached != null && (cached.rowChanges == (int) events || System.nanoTime() - cached.builtNanos < REFRESH_NANOS)) {
            return cached;
        }
        IntFloatMap all = new IntFloatMap(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (trend[i] > 0 && !category[i]) {
                all.add(i, (float) (trend[i] / trendScale()));
            }
        }
        Neighbours built = build(all, -1, TRENDING);
        trending = new Neighbours(built.items, built.weights, built.rowSize, (int) events);
        return trending;
    }

    /** The largest trend value, so that floats hold the relative trend without overflow. */
    private double trendScale() {
        double max = 0;
        for (int i = 0; i < items.size(); i++) {
            max = Math.max(max, trend[i]);
        }
        return max == 0 ? 1 : max;
    }

    /** Neighbour lists whose weights drifted (but gained no new neighbour) are rebuilt after this long. */
    private static final long REFRESH_NANOS = 1_000_000_000L;
    final IdIndex items = new IdIndex();
    final IdIndex persons = new IdIndex();
    /** Union-find parent of each person id; a root is the person that linked ids count as. */
    int[] parent = new int[16];
    final List<Person> people = new ArrayList<>();
    float[] popularity = new float[16];
    double[] trend = new double[16];
    boolean[] category = new boolean[16];
    int[][] itemCategories = new int[16][];
    final List<IntFloatMap> cooccurrence = new ArrayList<>();
    long trendOrigin = Long.MIN_VALUE;
    long events;

    ServiceModel(EngineSettings settings) {
        configure(settings);
    }

    /** {@code 1 / d^distanceDecay} for the distances d a link can have, but for the largest events. */
    private float[] distanceWeights;

    /** New settings: the popularity powers are computed anew for the exponents they use. */
    void configure(EngineSettings settings) {
        this.settings = settings;
        distanceWeights = new float[settings.window() + 64];
        for (int d = 1; d < distanceWeights.length; d++) {
            distanceWeights[d] = (float) (1 / Math.pow(d, settings.distanceDecay()));
        }
        exponents = settings.recommenders().values().stream()
                .flatMapToDouble(spec -> java.util.stream.DoubleStream.of(spec.alpha(), spec.beta()))
                .distinct().toArray();
        inversePowers = new float[exponents.length][popularity.length];
        neighbourCache = new Neighbours[exponents.length][popularity.length];
        for (int i = 0; i < items.size(); i++) {
            updatePowers(i);
        }
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

    /**
     * The {@code k} strongest neighbours of item i under exponent beta: from the cache when it is current (no new
     * neighbour since it was built, and its weights at most a second old), else built now. Called under the read lock.
     */
    Neighbours neighbours(int i, int beta, int k) {
        IntFloatMap row = cooccurrence.get(i);
        Neighbours cached = neighbourCache[beta][i];
        if (cached != null && cached.rowSize == row.size() && cached.items.length <= k
                && (cached.rowChanges == row.changes || System.nanoTime() - cached.builtNanos < REFRESH_NANOS)
                && (cached.items.length == k || cached.items.length == row.size())) {
            return cached;
        }
        Neighbours built = build(row, beta, k);
        neighbourCache[beta][i] = built;
        return built;
    }

    private Neighbours build(IntFloatMap row, int beta, int k) {
        int n = row.size();
        float[] inv = beta < 0 ? null : inversePowers[beta];
        int size = Math.min(k, n);
        int[] heapItems = new int[size];
        float[] heapWeights = new float[size];
        int count = 0;
        for (int e = 0; e < n; e++) {
            int j = row.keys[e];
            float w = inv == null ? row.values[e] : row.values[e] * inv[j];
            if (count < size) {
                heapItems[count] = j;
                heapWeights[count] = w;
                for (int c = count++; c > 0 && heapWeights[(c - 1) >>> 1] > heapWeights[c]; c = (c - 1) >>> 1) {
                    swap(heapItems, heapWeights, c, (c - 1) >>> 1);
                }
            } else if (w > heapWeights[0]) {
                heapItems[0] = j;
                heapWeights[0] = w;
                siftDown(heapItems, heapWeights, size);
            }
        }
        // pop the min-heap from the back: strongest first
        for (int end = size - 1; end > 0; end--) {
            swap(heapItems, heapWeights, 0, end);
            siftDown(heapItems, heapWeights, end);
        }
        return new Neighbours(heapItems, heapWeights, n, row.changes);
    }

    /** Restores the min-heap order of the first {@code size} entries after the root changed. */
    private static void siftDown(int[] items, float[] weights, int size) {
        for (int c = 0; ; ) {
            int l = 2 * c + 1;
            int r = l + 1;
            int m = c;
            if (l < size && weights[l] < weights[m]) {
                m = l;
            }
            if (r < size && weights[r] < weights[m]) {
                m = r;
            }
            if (m == c) {
                return;
            }
            swap(items, weights, c, m);
            c = m;
        }
    }

    private static void swap(int[] items, float[] weights, int a, int b) {
        int i = items[a];
        items[a] = items[b];
        items[b] = i;
        float w = weights[a];
        weights[a] = weights[b];
        weights[b] = w;
    }

    private void updatePowers(int i) {
        double pop = Math.max(popularity[i], 1e-6f);
        for (int e = 0; e < exponents.length; e++) {
            inversePowers[e][i] = (float) Math.pow(pop, -exponents[e]);
        }
    }

    // --- ids --------------------------------------------------------------------------------------

    int item(String id) {
        int i = items.intern(id);
        if (i == cooccurrence.size()) {
            cooccurrence.add(new IntFloatMap());
            if (i == popularity.length) {
                int n = i * 2;
                popularity = Arrays.copyOf(popularity, n);
                trend = Arrays.copyOf(trend, n);
                category = Arrays.copyOf(category, n);
                itemCategories = Arrays.copyOf(itemCategories, n);
                for (int e = 0; e < inversePowers.length; e++) {
                    inversePowers[e] = Arrays.copyOf(inversePowers[e], n);
                    neighbourCache[e] = Arrays.copyOf(neighbourCache[e], n);
                }
            }
            updatePowers(i);
            category[i] = settings.categories().contains(id);
        }
        return i;
    }

    /** The root person of an id, created if new. */
    Person person(String id) {
        return people.get(root(personId(id)));
    }

    private int personId(String id) {
        int p = persons.intern(id);
        if (p == people.size()) {
            if (p == parent.length) {
                parent = Arrays.copyOf(parent, p * 2);
            }
            parent[p] = p;
            people.add(new Person());
        }
        return p;
    }

    /** The root person of an id, or null if the id is unknown. */
    Person findPerson(String id) {
        int p = persons.find(id);
        return p < 0 ? null : people.get(root(p));
    }

    int root(int p) {
        while (parent[p] != p) {
            parent[p] = parent[parent[p]];
            p = parent[p];
        }
        return p;
    }

    // --- learning ---------------------------------------------------------------------------------

    void apply(Event e) {
        events++;
        if (e.tags().contains(settings.categoryTag())) {
            catalogFact(e);
            return;
        }
        Person p = person(e.person());
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
                link(p, i, w, start);
                p.append(i, w, e.timeMillis());
            }
            p.interacted.add(i, w);
            if (purchase) {
                p.purchased.add(i, 1f);
            }
        }
    }

    /** Adds co-occurrence between item i and the person's previous items: distance 1 within one event. */
    private void link(Person p, int i, float w, int eventStart) {
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

    /** {@code alias}'s history joins {@code person}'s; both ids count as one person from now on. */
    void link(String alias, String person) {
        int a = root(personId(alias));
        int b = root(personId(person));
        if (a == b) {
            return;
        }
        Person from = people.get(a);
        Person to = people.get(b);
        if (from.length > 0) {
            // one history in time order: typically a visitor's browsing just before signing in comes after the
            // customer's earlier visits, and is what the recent-items recommenders should weigh most
            int n = from.length + to.length;
            int[] seq = new int[n];
            float[] weights = new float[n];
            long[] times = new long[n];
            for (int i = 0, j = 0, k = 0; k < n; k++) {
                Person next = j >= to.length || (i < from.length && from.seqTime[i] < to.seqTime[j]) ? from : to;
                int at = next == from ? i++ : j++;
                seq[k] = next.seq[at];
                weights[k] = next.seqWeight[at];
                times[k] = next.seqTime[at];
            }
            to.seq = seq;
            to.seqWeight = weights;
            to.seqTime = times;
            to.length = n;
        }
        merge(from.interacted, to.interacted);
        merge(from.purchased, to.purchased);
        merge(from.exposures, to.exposures);
        merge(from.clicks, to.clicks);
        merge(from.categories, to.categories);
        parent[a] = b;
    }

    private static void merge(IntFloatMap from, IntFloatMap to) {
        for (int k = 0; k < from.size(); k++) {
            to.add(from.keys[k], from.values[k]);
        }
    }

    /**
     * Writes everything the model learnt (not its settings, nor what it derives and caches), so that
     * {@link #readFrom} restores a model that answers exactly as this one.
     */
    void writeTo(DataOutput out) throws IOException {
        items.writeTo(out);
        persons.writeTo(out);
        for (int p = 0; p < people.size(); p++) {
            out.writeInt(parent[p]);
            people.get(p).writeTo(out);
        }
        for (int i = 0; i < items.size(); i++) {
            out.writeFloat(popularity[i]);
            out.writeDouble(trend[i]);
            out.writeBoolean(category[i]);
            int[] cats = itemCategories[i];
            out.writeInt(cats == null ? -1 : cats.length);
            for (int k = 0; cats != null && k < cats.length; k++) {
                out.writeInt(cats[k]);
            }
            cooccurrence.get(i).writeTo(out);
        }
        out.writeLong(trendOrigin);
        out.writeLong(events);
    }

    /** The model {@link #writeTo} wrote, with these settings. */
    static ServiceModel readFrom(DataInput in, EngineSettings settings) throws IOException {
        ServiceModel m = new ServiceModel(settings);
        m.items.readFrom(in);
        m.persons.readFrom(in);
        int people = m.persons.size();
        m.parent = new int[Math.max(16, people)];
        for (int p = 0; p < people; p++) {
            m.parent[p] = in.readInt();
            m.people.add(Person.readFrom(in));
        }
        int n = m.items.size();
        int capacity = Math.max(16, n);
        m.popularity = new float[capacity];
        m.trend = new double[capacity];
        m.category = new boolean[capacity];
        m.itemCategories = new int[capacity][];
        for (int i = 0; i < n; i++) {
            m.popularity[i] = in.readFloat();
            m.trend[i] = in.readDouble();
            m.category[i] = in.readBoolean();
            int cats = in.readInt();
            if (cats >= 0) {
                m.itemCategories[i] = new int[cats];
                for (int k = 0; k < cats; k++) {
                    m.itemCategories[i][k] = in.readInt();
                }
            }
            m.cooccurrence.add(IntFloatMap.readFrom(in));
        }
        m.trendOrigin = in.readLong();
        m.events = in.readLong();
        m.configure(settings); // the popularity powers of every item, and empty caches
        return m;
    }

    /** Every person's distinct items (linked ids as one person), for models fitted over whole histories. */
    int[][] itemSets() {
        List<int[]> rows = new ArrayList<>();
        for (int p = 0; p < people.size(); p++) {
            IntFloatMap items = people.get(p).interacted;
            if (parent[p] == p && items.size() > 0) {
                rows.add(Arrays.copyOf(items.keys, items.size()));
            }
        }
        return rows.toArray(new int[0][]);
    }

    ServiceCounts counts() {
        int roots = 0;
        for (int p = 0; p < people.size(); p++) {
            if (parent[p] == p) {
                roots++;
            }
        }
        return new ServiceCounts(roots, items.size(), events);
    }
}
