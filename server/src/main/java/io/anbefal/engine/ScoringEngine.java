package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;
import io.anbefal.engine.EngineSettings.Type;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import io.anbefal.engine.rules.ItemAttributes;
import io.anbefal.engine.rules.Ref;
import io.anbefal.engine.rules.RuleContext;
import io.anbefal.engine.rules.RuleSyntaxException;
import io.anbefal.engine.rules.RuleTags;
import io.anbefal.engine.rules.Rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;

/**
 * The embedded scoring engine: one {@link ServiceModel} per service, learning from every applied event at once,
 * and the recommenders answered from it. Reads share a lock; an apply takes it alone for the few microseconds
 * an event needs.
 * <p>
 * A recommend request runs in steps: {@link Recommenders} composes the named instance with its fallback chain
 * ({@link FallbackRecommender}); each instance is a {@link TopNRecommender} around its type's {@link ItemScorer}
 * ({@link ItemToItemScorer}, {@link BasketModelScorer} over {@link BasketModels}, {@link PersonalScorer},
 * {@link PopularScorer}, {@link RecentlyViewedScorer}, {@link CategoryScorer}: see docs/engine.md), with
 * {@link Exclusions}, a {@link CandidateFilter} and the one {@link TopN}, in a pooled {@link Scorer}.
 */
public final class ScoringEngine implements Engine {

    private static final class Service {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        final ServiceModel model;
        final BasketModels baskets;
        /** Replaced with the settings (its size is one); read without the lock. */
        volatile AnswerCache answers;
        /** Compiled rules of this model (a new model, as after a snapshot read or a clear, starts empty). */
        final RuleCache rules = new RuleCache();

        Service(ServiceModel model) {
            this.model = model;
            this.baskets = new BasketModels(lock, model);
            this.answers = new AnswerCache(model.settings.answerCacheEntries());
        }
    }

    private final Map<String, Service> services = new ConcurrentHashMap<>();
    private final Map<String, EngineSettings> configured = new ConcurrentHashMap<>();
    /** Item attributes per service: apart from the models, so that a snapshot read or a clear keeps them. */
    private final Map<String, ItemAttributes> attributes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Scorer> scorers = new ConcurrentLinkedQueue<>();
    private final EngineSettings defaults = EngineSettings.parse(Map.of());
    /** Rebuilds heavier models off the request path, one at a time. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "anbefal-model-builder");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    /** The clock of every model's list refresh: the system's, or a test's. */
    private final LongSupplier nanoClock;
    private final boolean straightforward;

    public ScoringEngine() {
        this(System::nanoTime);
    }

    /** An engine whose neighbour lists age by {@code nanoClock} (tests hold it still or move it on). */
    ScoringEngine(LongSupplier nanoClock) {
        this(nanoClock, false);
    }

    /**
     * With {@code straightforward}, requests under rules take the plain path (score the catalog where a fast path
     * walks a kept order: {@link ServiceModel#straightforward}); for tests and benchmarks that compare both.
     */
    public ScoringEngine(boolean straightforward) {
        this(System::nanoTime, straightforward);
    }

    ScoringEngine(LongSupplier nanoClock, boolean straightforward) {
        this.nanoClock = nanoClock;
        this.straightforward = straightforward;
    }

    private Service service(String name) {
        Service s = services.get(name); // a look-up first: computeIfAbsent may lock the bin even when present
        return s != null ? s : services.computeIfAbsent(name, n -> new Service(model(new ServiceModel(settings(n)))));
    }

    private ServiceModel model(ServiceModel model) {
        model.nanoClock = nanoClock;
        model.straightforward = straightforward;
        return model;
    }

    private EngineSettings settings(String service) {
        return configured.getOrDefault(service, defaults);
    }

    @Override
    public void configure(String service, Map<String, String> settings) {
        EngineSettings parsed = EngineSettings.parse(settings);
        configured.put(service, parsed);
        Service s = service(service);
        s.lock.writeLock().lock();
        try {
            s.model.configure(parsed);
            s.baskets.clear();
            s.answers = new AnswerCache(parsed.answerCacheEntries());
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
        String categoryTag = settings(service).categoryTag();
        s.lock.writeLock().lock();
        try {
            for (Event e : events) {
                s.model.apply(e);
                ItemFacts.learn(e, categoryTag, () -> attributes(service)); // what the rules filter on, too
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
            return s.model.persons.same(a, b);
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
            return s.model.persons.find(id) != null;
        } finally {
            s.lock.readLock().unlock();
        }
    }

    @Override
    public boolean echoesHistory(String service, String recommender) {
        EngineSettings settings = settings(service);
        Map<String, Spec> specs = settings.recommenders();
        if (Recommenders.echoesHistory(specs, specs.get(recommender))) {
            return true;
        }
        // a variant may answer instead: one of an experiment at this recommender or at a dialect's placement
        for (Experiment e : settings.experiments().running()) {
            boolean here = e.placement().equals(recommender) || e.placement().contains(":");
            for (Experiment.Variant v : e.variants()) {
                Spec spec = v.recommender() == null ? specs.get(recommender) : specs.get(v.recommender());
                if (here && spec != null && Recommenders.echoesHistory(specs, settings.variantOf(e, v, spec))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Optional<Recommendation> recommend(String service, RecommendRequest request) {
        EngineSettings settings = settings(service);
        Spec requested = settings.recommenders().get(request.recommender());
        if (requested == null) {
            return Optional.empty();
        }
        Service s = service(service);
        ExperimentStep.Arm arm = ExperimentStep.arm(settings, request, requested, id -> rootId(s, id));
        Spec spec = arm.spec();
        if (spec.type() == Type.ShoppingBasketRecommender && !"cooccurrence".equals(spec.model())) {
            s.baskets.maintain(spec, background);
        }
        if (spec.rulesProblem() != null) {
            throw new RuleSyntaxException(spec.rulesProblem());
        }
        Rules rules = spec.rules().and(request.rules());
        RuleContext context = request.context();
        if (RuleTags.any(request.tags())) {
            rules = rules.and(RuleTags.rules(request.tags()));
            context = context.and(RuleTags.context(request.tags()));
        }
        Scorer scorer = scorers.poll();
        if (scorer == null) {
            scorer = new Scorer();
        }
        s.lock.readLock().lock();
        try {
            // under rules kept with the attributes' version, read before the rules are bound (see AnswerCache)
            ItemAttributes itemAttributes = rules.isEmpty() ? null : attributes(service);
            long attributesVersion = itemAttributes == null ? 0 : itemAttributes.version();
            BoundRules bound = itemAttributes == null ? BoundRules.NONE : BoundRules.bind(s.model, itemAttributes,
                    s.rules, rules, context, contextItems(request, context));
            Query q = new Query(s.model, s.baskets, request, scorer.reads, bound);
            AnswerCache answers = s.answers;
            boolean cached = answers.enabled();
            Person asked = cached ? q.askedPerson() : null;
            Person tagged = cached ? q.taggedPerson() : null;
            // the variant follows from the settings (structure) and the asked root, both in the key: kept tagged
            Recommendation kept = cached ? answers.find(q, asked, tagged, attributesVersion) : null;
            if (kept != null) {
                return Optional.of(kept);
            }
            Recommendation r = Recommenders.chain(q, spec, bound.filter).recommend(q, scorer);
            if (bound.hasPins()) {
                r = Pins.place(r, bound, request.num(), request.externalIds(), spec.name());
            }
            Recommendation answer = arm.tag(r);
            if (cached) {
                answers.keep(q, asked, tagged, scorer.reads, answer, attributesVersion);
            }
            return Optional.of(answer);
        } finally {
            s.lock.readLock().unlock();
            scorer.clear();
            scorer.reads.reset();
            scorers.offer(scorer);
        }
    }

    private static String rootId(Service s, String id) {
        s.lock.readLock().lock();
        try {
            return s.model.persons.rootId(id);
        } finally {
            s.lock.readLock().unlock();
        }
    }

    @Override
    public Optional<Recommendation.Variant> variant(String service, RecommendRequest request) {
        EngineSettings settings = settings(service);
        Spec requested = settings.recommenders().get(request.recommender());
        if (requested == null) {
            return Optional.empty();
        }
        Service s = service(service);
        return Optional.ofNullable(ExperimentStep.arm(settings, request, requested, id -> rootId(s, id)).variant());
    }

    /** The items a request is about: the ids it asks about and its context's {@code Product.id}. */
    private static List<String> contextItems(RecommendRequest request, RuleContext context) {
        List<String> ids = context.get(new Ref("Product", "id"));
        if (ids == null) {
            return request.externalIds();
        }
        List<String> all = new ArrayList<>(request.externalIds());
        all.addAll(ids);
        return all;
    }

    private ItemAttributes attributes(String service) {
        ItemAttributes a = attributes.get(service);
        return a != null ? a : attributes.computeIfAbsent(service, n -> new ItemAttributes());
    }

    @Override
    public void putAttributes(String service, Map<String, ? extends Map<String, ?>> byItem) {
        ItemAttributes a = attributes(service);
        byItem.forEach(a::put);
    }

    @Override
    public void mergeAttributes(String service, String item, Map<String, ?> values) {
        attributes(service).merge(item, values);
    }

    @Override
    public java.util.Set<String> matching(String service, io.anbefal.engine.rules.Expr expr, RuleContext context,
                                          Collection<String> items) {
        return attributes(service).matching(expr, context, items);
    }

    @Override
    public void removeAttributes(String service, Collection<String> items) {
        ItemAttributes a = attributes(service);
        items.forEach(a::remove);
    }

    @Override
    public void writeSnapshot(DataOutput out) throws IOException {
        List<String> names = new ArrayList<>(services.keySet());
        Collections.sort(names);
        out.writeInt(names.size());
        for (String name : names) {
            Service s = services.get(name);
            out.writeUTF(name);
            s.lock.readLock().lock();
            try {
                SnapshotCodec.write(s.model, out);
                SnapshotCodec.writeFacts(attributes(name).facts(), out);
            } finally {
                s.lock.readLock().unlock();
            }
        }
    }

    @Override
    public void readSnapshot(DataInput in) throws IOException {
        Map<String, Service> read = new HashMap<>();
        Map<String, Map<String, Map<String, String>>> facts = new HashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            String name = in.readUTF();
            read.put(name, new Service(model(SnapshotCodec.read(in, settings(name)))));
            facts.put(name, SnapshotCodec.readFacts(in));
        }
        services.putAll(read); // all or nothing: a snapshot that fails to read leaves the engine as it was
        facts.forEach((name, byItem) -> byItem.forEach(attributes(name)::merge));
    }

    @Override
    public CacheCounts answerCache(String service) {
        Service s = services.get(service);
        return s == null ? new CacheCounts(0, 0) : new CacheCounts(s.answers.hits.sum(), s.answers.misses.sum());
    }

    @Override
    public long modelBytes(String service) {
        Service s = services.get(service);
        if (s == null) {
            return 0;
        }
        s.lock.readLock().lock();
        try {
            return ModelSize.of(s.model);
        } finally {
            s.lock.readLock().unlock();
        }
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
