package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;
import io.anbefal.engine.EngineSettings.Type;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded scoring engine: one {@link ServiceModel} per service, learning from every applied event at once,
 * and the recommender types computed from it. Reads share a lock; an apply takes it alone for the few
 * microseconds an event needs.
 *
 * <ul>
 * <li>{@code ShoppingBasketRecommender}: in a service with few entities (at most {@code model-max-items}), a
 *     {@link BasketModel} fitted on the first request and refitted in the background: {@link SlimItemModel}
 *     (non-negative SLIM with basket-size priors, the default; EASE where SLIM would cost too much),
 *     {@link EaseItemModel} (EASE with basket-size priors) or {@link LogisticItemModel} (SLIM with a logistic loss);
 *     otherwise, or with {@code model=cooccurrence}, like {@code ItemToItemRecommender}.</li>
 * <li>{@code ItemToItemRecommender}, and {@code ShoppingBasketRecommender} in larger services: the sum over the given items of their
 *     normalised co-occurrence with each candidate, {@code c(i,j) / (pop(i)^alpha * pop(j)^beta)} (item-based
 *     neighbourhood, Sarwar et al. WWW 2001, with Aiolli's asymmetric normalisation, RecSys 2013).</li>
 * <li>{@code ProductForCustomerRecommender}: the same over the person's most recent distinct items, the r-th most
 *     recent weighted {@code recencyDecay^r}: a sequence- and time-aware neighbourhood in the spirit of STAN
 *     (Garg et al., SIGIR 2019) and SKNN (Jannach and Ludewig, RecSys 2017). Unclicked exposures lower an item's
 *     score for the person.</li>
 * <li>{@code PopularRecommender}: trending, every interaction's weight halving each half-life.</li>
 * <li>{@code RecentlyViewedRecommender}, {@code CategoryForCustomerRecommender}.</li>
 * </ul>
 */
public final class ScoringEngine implements Engine {

    private static final class Service {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        final ServiceModel model;
        /** The basket models by recommender name. */
        final Map<String, ModelSlot> slots = new ConcurrentHashMap<>();

        Service(EngineSettings settings) {
            this(new ServiceModel(settings));
        }

        Service(ServiceModel model) {
            this.model = model;
        }
    }

    private final Map<String, Service> services = new ConcurrentHashMap<>();
    private final Map<String, EngineSettings> configured = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Scorer> scorers = new ConcurrentLinkedQueue<>();
    private final EngineSettings defaults = EngineSettings.parse(Map.of());
    /** Rebuilds heavier models off the request path, one at a time. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "anbefal-model-builder");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    /** No basket model is fitted when it costs more multiply-adds than this (some 10-20 s of one core). */
    private static final double MAX_MODEL_COST = 3e10;

    /** One recommender's basket model: the current one, and when the service was last checked for a build. */
    private static final class ModelSlot {
        volatile BasketModel model;
        volatile long checkedEvents = -1;
        volatile long checkedNanos;
        final AtomicBoolean building = new AtomicBoolean();
    }

    private Service service(String name) {
        return services.computeIfAbsent(name, n -> new Service(configured.getOrDefault(n, defaults)));
    }

    @Override
    public void configure(String service, Map<String, String> settings) {
        EngineSettings parsed = EngineSettings.parse(settings);
        configured.put(service, parsed);
        Service s = service(service);
        s.lock.writeLock().lock();
        try {
            s.model.configure(parsed);
            s.slots.clear();
        } finally {
            s.lock.writeLock().unlock();
        }
    }

    @Override
    public void clear(String service) {
        services.remove(service);
    }

    @Override
    public void apply(String service, List<Event> events) {
        Service s = service(service);
        s.lock.writeLock().lock();
        try {
            for (Event e : events) {
                s.model.apply(e);
            }
        } finally {
            s.lock.writeLock().unlock();
        }
    }

    @Override
    public void link(String service, String alias, String person) {
        Service s = service(service);
        s.lock.writeLock().lock();
        try {
            s.model.link(alias, person);
        } finally {
            s.lock.writeLock().unlock();
        }
    }

    @Override
    public boolean hasRecommender(String service, String recommender) {
        return settings(service).recommenders().containsKey(recommender);
    }

    @Override
    public boolean samePerson(String service, String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        Service s = services.get(service);
        if (s == null) {
            return false;
        }
        s.lock.readLock().lock();
        try {
            ServiceModel.Person pa = s.model.findPerson(a);
            return pa != null && pa == s.model.findPerson(b);
        } finally {
            s.lock.readLock().unlock();
        }
    }

    @Override
    public boolean knowsPerson(String service, String id) {
        Service s = services.get(service);
        if (s == null) {
            return false;
        }
        s.lock.readLock().lock();
        try {
            return s.model.findPerson(id) != null;
        } finally {
            s.lock.readLock().unlock();
        }
    }

    @Override
    public boolean echoesHistory(String service, String recommender) {
        Map<String, Spec> specs = settings(service).recommenders();
        Spec spec = specs.get(recommender);
        for (int depth = 0; spec != null && depth <= 4; depth++) { // the depth answer() follows fallbacks to
            if (spec.type() == Type.RecentlyViewedRecommender) {
                return true;
            }
            spec = spec.fallback() == null ? null : specs.get(spec.fallback());
        }
        return false;
    }

    private EngineSettings settings(String service) {
        return configured.getOrDefault(service, defaults);
    }

    @Override
    public Optional<Recommendation> recommend(String service, RecommendRequest request) {
        Spec spec = settings(service).recommenders().get(request.recommender());
        if (spec == null) {
            return Optional.empty();
        }
        Service s = service(service);
        if (spec.type() == Type.ShoppingBasketRecommender && !"cooccurrence".equals(spec.model())) {
            maintainModel(s, spec);
        }
        Scorer scorer = scorers.poll();
        if (scorer == null) {
            scorer = new Scorer();
        }
        s.lock.readLock().lock();
        try {
            return Optional.of(answer(s, spec, request, scorer, 0));
        } finally {
            s.lock.readLock().unlock();
            scorer.clear();
            scorers.offer(scorer);
        }
    }

    /** Runs one instance and fills up from its fallback chain until {@code num} items or no more candidates. */
    private Recommendation answer(Service s, Spec spec, RecommendRequest request, Scorer scorer, int depth) {
        ServiceModel m = s.model;
        scorer.reset(m.items.size());
        List<Recommendation.ScoredItem> items = score(s, spec, request, scorer);
        String origin = spec.name();
        if (items.size() < request.num() && spec.fallback() != null && depth < 4) {
            Spec fallback = m.settings.recommenders().get(spec.fallback());
            if (fallback != null && !fallback.name().equals(spec.name())) {
                Set<String> have = new HashSet<>();
                items.forEach(i -> have.add(i.id()));
                Recommendation more = answer(s, fallback, request, scorer, depth + 1);
                List<Recommendation.ScoredItem> merged = new ArrayList<>(items);
                for (Recommendation.ScoredItem i : more.items()) {
                    if (merged.size() < request.num() && !have.contains(i.id())) {
                        merged.add(new Recommendation.ScoredItem(i.id(), 0.0));
                    }
                }
                if (items.isEmpty()) {
                    return new Recommendation(more.items(), more.origin(), spec.scored());
                }
                items = merged;
            }
        }
        return new Recommendation(items, origin, spec.scored());
    }

    private List<Recommendation.ScoredItem> score(Service s, Spec spec, RecommendRequest request, Scorer scorer) {
        ServiceModel m = s.model;
        ServiceModel.Person person = null;
        for (String tag : request.tags()) {
            if (tag.startsWith("userid:")) {
                person = m.findPerson(tag.substring(7));
            }
        }
        Type type = spec.type();
        if (type == Type.ProductForCustomerRecommender || type == Type.RecentlyViewedRecommender
                || type == Type.CategoryForCustomerRecommender
                || (type == Type.PopularRecommender && person == null)) {
            for (String id : request.externalIds()) {
                ServiceModel.Person p = m.findPerson(id);
                if (p != null) {
                    person = p;
                    break;
                }
            }
        }
        if (person != null) {
            excludeFor(person, spec, scorer);
        }
        if (type != Type.RecentlyViewedRecommender) {
            for (String id : request.externalIds()) {
                int i = m.items.find(id);
                if (i >= 0) {
                    scorer.exclude(i); // never recommend what was asked about: the basket, the item shown
                }
            }
        }
        ModelSlot slot = type == Type.ShoppingBasketRecommender ? s.slots.get(spec.name()) : null;
        BasketModel model = slot == null ? null : slot.model;
        if (model != null) {
            int[] basket = new int[request.externalIds().size()];
            int size = 0;
            for (String id : request.externalIds()) {
                int i = m.items.find(id);
                if (i >= 0) {
                    basket[size++] = i;
                }
            }
            model.score(basket, size, scorer);
            return scorer.top(request.num(), m, i -> !m.category[i]);
        }
        ServiceModel.Neighbours sorted = single(m, spec, request);
        if (sorted != null) {
            return scorer.firstOf(sorted, request.num(), m);
        }
        switch (type) {
            case ItemToItemRecommender, ShoppingBasketRecommender -> {
                for (String id : request.externalIds()) {
                    int i = m.items.find(id);
                    if (i >= 0) {
                        neighbours(m, i, 1f, spec, scorer);
                    }
                }
            }
            case ProductForCustomerRecommender -> {
                if (person != null) {
                    personal(m, person, spec, scorer);
                }
            }
            case PopularRecommender -> {
                ServiceModel.Neighbours top = m.trending();
                for (int k = 0; k < top.items.length; k++) {
                    scorer.add(top.items[k], top.weights[k]);
                }
            }
            case RecentlyViewedRecommender -> {
                if (person != null) {
                    float w = 1f;
                    for (int k = person.length - 1; k >= 0; k--) {
                        int i = person.seq[k];
                        if (scorer.scores[i] == 0f) {
                            scorer.add(i, w);
                            w *= 0.999f;
                        }
                    }
                }
            }
            case CategoryForCustomerRecommender -> {
                if (person != null) {
                    categories(m, person, scorer);
                    return scorer.top(request.num(), m, i -> m.category[i]);
                }
            }
        }
        return scorer.top(request.num(), m, i -> !m.category[i]);
    }

    /**
     * The one sorted list that answers the request by itself, if there is one: the trending list, or the
     * neighbours of a single known item. Then the answer is its first allowed entries, with no scoring at all.
     */
    private static ServiceModel.Neighbours single(ServiceModel m, Spec spec, RecommendRequest request) {
        if (spec.type() == Type.PopularRecommender) {
            return m.trending();
        }
        if (spec.type() != Type.ItemToItemRecommender && spec.type() != Type.ShoppingBasketRecommender) {
            return null;
        }
        int known = -1;
        for (String id : request.externalIds()) {
            int i = m.items.find(id);
            if (i >= 0) {
                if (known >= 0 && known != i) {
                    return null;
                }
                known = i;
            }
        }
        return known < 0 ? null : m.neighbours(known, m.exponent(spec.beta()), spec.neighbours());
    }

    private static void excludeFor(ServiceModel.Person p, Spec spec, Scorer scorer) {
        if (spec.type() == Type.RecentlyViewedRecommender || spec.type() == Type.CategoryForCustomerRecommender) {
            return;
        }
        IntFloatMap what = spec.excludeSeen() ? p.interacted : spec.excludePurchased() ? p.purchased : null;
        if (what != null) {
            for (int k = 0; k < what.size(); k++) {
                scorer.exclude(what.keys[k]);
            }
        }
    }

    /** Adds {@code weight * c(i,j) / (pop(i)^alpha * pop(j)^beta)} for the strongest neighbours j of i. */
    private static void neighbours(ServiceModel m, int i, float weight, Spec spec, Scorer scorer) {
        ServiceModel.Neighbours list = m.neighbours(i, m.exponent(spec.beta()), spec.neighbours());
        float w = weight * m.inversePower(m.exponent(spec.alpha()), i);
        int[] items = list.items;
        float[] weights = list.weights;
        for (int k = 0; k < items.length; k++) {
            scorer.add(items[k], w * weights[k]);
        }
    }

    private static void personal(ServiceModel m, ServiceModel.Person p, Spec spec, Scorer scorer) {
        int used = 0;
        double weight = 1;
        int[] seen = new int[spec.recent()];
        for (int k = p.length - 1; k >= 0 && used < spec.recent(); k--) {
            int i = p.seq[k];
            if (contains(seen, used, i)) {
                continue;
            }
            seen[used] = i;
            neighbours(m, i, (float) (weight * Math.sqrt(p.seqWeight[k])), spec, scorer);
            weight *= spec.recencyDecay();
            used++;
        }
        double penalty = m.settings.exposurePenalty();
        if (penalty > 0 && p.exposures.size() > 0) {
            for (int t = 0; t < scorer.touchedCount; t++) {
                int j = scorer.touched[t];
                float exposed = p.exposures.get(j);
                if (exposed > 0 && p.clicks.get(j) == 0f) {
                    scorer.scores[j] /= (float) (1 + penalty * exposed);
                }
            }
        }
    }

    private static boolean contains(int[] values, int n, int value) {
        for (int k = 0; k < n; k++) {
            if (values[k] == value) {
                return true;
            }
        }
        return false;
    }

    private static void categories(ServiceModel m, ServiceModel.Person p, Scorer scorer) {
        for (int k = 0; k < p.categories.size(); k++) {
            scorer.add(p.categories.keys[k], p.categories.values[k]);
        }
        double weight = 1;
        for (int k = p.length - 1; k >= 0 && k >= p.length - 100; k--) {
            int[] cats = m.itemCategories[p.seq[k]];
            if (cats != null) {
                for (int c : cats) {
                    scorer.add(c, (float) (weight * p.seqWeight[k]));
                }
            }
            weight *= 0.95;
        }
    }

    /**
     * Keeps a basket recommender's model current: the first request builds it (so that the first answer
     * already comes from it); later, when events came in and the model is older than its refresh interval (and than
     * ten times its fitting time, so that refits take at most a tenth of a core), it is rebuilt in the background
     * while the old one keeps answering.
     */
    private void maintainModel(Service s, Spec spec) {
        ModelSlot slot = s.slots.computeIfAbsent(spec.name(), n -> new ModelSlot());
        long events;
        s.lock.readLock().lock();
        try {
            events = s.model.events;
        } finally {
            s.lock.readLock().unlock();
        }
        long refresh = (long) (spec.modelRefreshSeconds() * 1e9);
        BasketModel model = slot.model;
        if (model == null && slot.checkedEvents == -1) {
            synchronized (slot) {
                if (slot.checkedEvents == -1) {
                    build(s, spec, slot);
                }
            }
        } else if (model == null ? events != slot.checkedEvents && System.nanoTime() - slot.checkedNanos > refresh
                : events != model.events() && System.nanoTime() - model.builtNanos() > Math.max(refresh, 10 * model.fitNanos())) {
            if (slot.building.compareAndSet(false, true)) {
                background.execute(() -> {
                    try {
                        synchronized (slot) {
                            build(s, spec, slot);
                        }
                    } finally {
                        slot.building.set(false);
                    }
                });
            }
        }
    }

    /** Takes every person's items under the read lock, then fits outside it, if the service is small enough. */
    private static void build(Service s, Spec spec, ModelSlot slot) {
        int n;
        long events;
        int[][] rows;
        long nonZeros = 0;
        s.lock.readLock().lock();
        try {
            ServiceModel m = s.model;
            n = m.items.size();
            events = m.events;
            rows = n > spec.modelMaxItems() ? new int[0][] : m.itemSets();
        } finally {
            s.lock.readLock().unlock();
        }
        for (int[] row : rows) {
            nonZeros += row.length;
        }
        if (rows.length >= spec.modelMinPersons()) {
            if ("logistic".equals(spec.model())) {
                if (LogisticItemModel.cost(n, nonZeros, spec.iterations()) <= MAX_MODEL_COST) {
                    slot.model = LogisticItemModel.fit(n, rows, spec.l2(), spec.iterations(), spec.learningRate(),
                            events);
                }
            } else if ("slim".equals(spec.model()) && SlimItemModel.cost(n, rows) <= MAX_MODEL_COST) {
                slot.model = SlimItemModel.fit(n, rows, spec.l1(), spec.lambda(), spec.sizeLambda(), events);
            } else if (EaseItemModel.cost(n, rows) <= MAX_MODEL_COST) { // also SLIM's stand-in where SLIM costs too much
                slot.model = EaseItemModel.fit(n, rows, spec.lambda(), spec.sizeLambda(), events);
            }
        }
        slot.checkedEvents = events;
        slot.checkedNanos = System.nanoTime();
    }

    @Override
    public void writeSnapshot(DataOutput out) throws IOException {
        List<String> names = new ArrayList<>(services.keySet());
        java.util.Collections.sort(names);
        out.writeInt(names.size());
        for (String name : names) {
            Service s = services.get(name);
            out.writeUTF(name);
            s.lock.readLock().lock();
            try {
                s.model.writeTo(out);
            } finally {
                s.lock.readLock().unlock();
            }
        }
    }

    @Override
    public void readSnapshot(DataInput in) throws IOException {
        Map<String, Service> read = new java.util.HashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            String name = in.readUTF();
            read.put(name, new Service(ServiceModel.readFrom(in, configured.getOrDefault(name, defaults))));
        }
        services.putAll(read); // all or nothing: a snapshot that fails to read leaves the engine as it was
    }

    @Override
    public ServiceCounts counts(String service) {
        Service s = services.get(service);
        if (s == null) {
            return new ServiceCounts(0, 0, 0);
        }
        s.lock.readLock().lock();
        try {
            return s.model.counts();
        } finally {
            s.lock.readLock().unlock();
        }
    }
}
