package io.anbefal.app;

import io.anbefal.catalog.ProductCatalog;
import io.anbefal.engine.Engine;
import io.anbefal.engine.Event;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;
import io.anbefal.engine.ServiceCounts;
import io.anbefal.engine.rules.RuleSyntaxException;
import io.anbefal.store.Limits;
import io.anbefal.store.Link;
import io.anbefal.store.LogPosition;
import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Stats;
import io.anbefal.store.Store;
import io.anbefal.store.StoreException;
import io.anbefal.store.StoredUpdate;
import io.anbefal.tenant.CustomerSignatures;
import io.anbefal.tenant.Services;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application: takes updates (durably, then into the engine), links identities, answers recommendations,
 * status and statistics. It knows nothing of HTTP; the handlers parse, call this, and answer.
 */
public final class Anbefal implements AutoCloseable {

    /** The {@code what} of the catalog facts that product records with categories give the engine. */
    public static final String CATALOG_FACT = "CATALOG";
    /** The customer value that means "the visitor sending this". */
    public static final String ANONYMOUS = "anonymous";
    private static final int REPLAY_CHUNK = 4096;

    private static final System.Logger LOG = System.getLogger(Anbefal.class.getName());

    private final Store store;
    private final Engine engine;
    private final Services services;
    private final GroupCommitter committer;
    private final Telemetry telemetry;
    private final ProductCatalog catalog = new ProductCatalog();
    private final Instant started = Instant.now();
    /** Per service: alias (visitor id or merged id) to the person it was last linked to. */
    private final Map<String, Map<String, String>> links = new ConcurrentHashMap<>();
    /** Per service: every id that took part in a link (either side); an id not in it was never linked. */
    private final Map<String, Set<String>> linkedIds = new ConcurrentHashMap<>();
    /**
     * Per service: ids linked into an identity that holds a customer (an id that is not a visitor id of the form
     * this server issues), as far as the links' two sides show it; see {@link BrowserTrust}.
     */
    private final Map<String, Set<String>> customerIds = new ConcurrentHashMap<>();
    private final BrowserTrust trust;
    /** Links this process has applied (replayed, restored or committed), to tell whether the engine has the log. */
    private final AtomicLong appliedLinks = new AtomicLong();
    /** Where the model snapshot is written (on close, and every {@link #snapshotEvery} updates); null for none. */
    private volatile ModelSnapshot snapshot;
    /** Updates learnt between two snapshots while running; 0: a snapshot only on close. */
    private volatile long snapshotEvery;
    /** Updates learnt since the last snapshot (written or restored); used on the group-commit thread only. */
    private long sinceSnapshot;
    /** The last snapshot written and the last that failed, for the service status. */
    private volatile SnapshotState snapshotState = SnapshotState.NONE;
    /** Settings changed while running: the next start replays, so that the models are built with them throughout. */
    private volatile boolean settingsChanged;

    /** An application whose visitor ids are signed with a random key of this process only (for tests). */
    public Anbefal(Store store, Engine engine, Services services) {
        this(store, engine, services, BrowserTrust.newKey(), Telemetry.NONE);
    }

    /**
     * @param visitorKey the installation's key that the visitor ids it issues carry a MAC of (kept in the data
     *                   directory, so that a restart keeps them valid)
     */
    public Anbefal(Store store, Engine engine, Services services, byte[] visitorKey) {
        this(store, engine, services, visitorKey, Telemetry.NONE);
    }

    /**
     * @param visitorKey as above
     * @param telemetry  told of replay, commits, acknowledged updates and snapshots (health, metrics)
     */
    public Anbefal(Store store, Engine engine, Services services, byte[] visitorKey, Telemetry telemetry) {
        this.store = store;
        this.engine = engine;
        this.services = services;
        this.telemetry = telemetry;
        this.trust = new BrowserTrust(this, visitorKey);
        this.committer = new GroupCommitter(store, this::afterCommit, telemetry);
    }

    /** What became of this process's model snapshots: the one record of the last written and the last failure. */
    public SnapshotState snapshotState() {
        return snapshotState;
    }

    public Services services() {
        return services;
    }

    /** The browser trust model: every browser path acts through it. */
    public BrowserTrust trust() {
        return trust;
    }

    Engine engine() {
        return engine;
    }

    /** Whether a recommender of the service (or its fallbacks) answers a person's raw history. */
    public boolean echoesHistory(String service, String recommender) {
        return engine.echoesHistory(service, recommender);
    }

    /** The services' product records (attributes for answers that show them), kept in memory over the store. */
    public ProductCatalog catalog() {
        return catalog;
    }

    /**
     * Stores product records, each replacing the whole record of its {@code product_id}, and makes them visible to
     * the catalog and its search index; durable on return. When a product's {@code categories} changed, a catalog
     * fact (an update tagged with the service's {@code category-tag}: the product as customer, its categories as
     * entities; see docs/engine.md) is committed first, so that the engine knows the product's categories; unless
     * the service sets {@code miso.catalog-facts=false}.
     *
     * @param products each with a non-empty string {@code product_id}
     */
    public void putProducts(String service, List<Map<String, Object>> products) {
        ServiceAccount account = requireService(service);
        synchronized (catalog.writeLock(service)) {
            Map<String, Map<String, Object>> byId = new java.util.LinkedHashMap<>();
            for (Map<String, Object> p : products) {
                String id = (String) p.get(ProductCatalog.PRODUCT_ID);
                Lengths.check(ProductCatalog.PRODUCT_ID, id, Limits.PRODUCT_ID);
                byId.put(id, p);
            }
            Map<String, String> json = new java.util.LinkedHashMap<>();
            byId.forEach((id, p) -> json.put(id, Lengths.check("the record of product " + id, ProductCatalog.toJson(p),
                    Limits.PRODUCT_JSON)));
            if (!"false".equals(account.settings().get("miso.catalog-facts"))) {
                String tag = account.settings().getOrDefault("category-tag", "itemcat");
                long now = System.currentTimeMillis();
                List<Update> facts = new ArrayList<>();
                byId.forEach((id, p) -> {
                    List<String> categories = ProductCatalog.categoryIds(p);
                    List<String> before = catalog.product(service, id).map(ProductCatalog::categoryIds).orElse(List.of());
                    // a product's categories can be changed but not removed (the convention has no empty fact)
                    if (!categories.isEmpty() && !categories.equals(before)) {
                        facts.add(new Update(id, categories, CATALOG_FACT, null, null, List.of(tag), now, null, null, null));
                    }
                });
                if (!facts.isEmpty()) {
                    update(service, facts, null); // first: a crash before the records are stored repeats the facts
                }
            }
            store.putProducts(service, json);
            catalog.put(service, byId);
            engine.putAttributes(service, byId); // what the rules filter on
        }
    }

    /** Removes product records; returns how many existed. Durable on return. */
    public int deleteProducts(String service, List<String> productIds) {
        requireService(service);
        synchronized (catalog.writeLock(service)) {
            int n = store.deleteProducts(service, productIds);
            catalog.delete(service, productIds);
            engine.removeAttributes(service, productIds);
            return n;
        }
    }

    /**
     * Stores user records (the Miso-style users: a {@code user_id} and free attributes, as JSON text by user id), each
     * replacing the whole record of its id; durable on return. They are data for rules and filters, not signals.
     */
    public void putUsers(String service, Map<String, String> jsonByUserId) {
        requireService(service);
        store.putUserRecords(service, jsonByUserId);
    }

    /** One user record's JSON text, or empty. */
    public java.util.Optional<String> user(String service, String userId) {
        requireService(service);
        return store.userRecord(service, userId);
    }

    /**
     * An access request: what the store holds of the person {@code id} and of every id linked to it (the ids an
     * {@link #erase} would take), by reading the log once ({@link PersonalData}).
     */
    public Map<String, Object> personalData(String service, String id) {
        requireService(service);
        return PersonalData.export(store, service, id, links.getOrDefault(service, Map.of()));
    }

    /** Removes user records; returns how many existed. Durable on return. */
    public int deleteUsers(String service, List<String> userIds) {
        requireService(service);
        return store.deleteUserRecords(service, userIds);
    }

    /**
     * Brings the engine up to date with the log: from the model snapshot and what the log holds after it, when
     * the snapshot is whole, was taken with the present settings and the log still begins with what it had
     * learnt; otherwise by replaying the whole log. Remembers the file, so that a snapshot is written there on
     * {@link #close} and, while running, after every {@code every} learnt updates (0: only on close), which bounds
     * what a start after a crash must replay.
     *
     * @return whether the snapshot served
     */
    public boolean start(Path snapshotFile, long every) {
        this.snapshot = snapshotFile == null ? null : new ModelSnapshot(snapshotFile);
        this.snapshotEvery = every;
        catalog.load(store);
        feedAttributes();
        long t0 = System.nanoTime();
        LogPosition log = store.position();
        telemetry.replayStarted(log.updates());
        configureAll();
        LogPosition from = restore();
        long restored = from == null ? 0 : from.updates();
        telemetry.replayProgress(restored);
        EngineFeed feed = new EngineFeed(restored);
        store.replay(from == null ? LogPosition.START : from, feed);
        long n = feed.finish();
        sinceSnapshot = n;
        telemetry.replayFinished(restored, n, System.nanoTime() - t0);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (from == null) {
            LOG.log(System.Logger.Level.INFO, "Replayed {0} updates in {1} ms", n, ms);
        } else {
            LOG.log(System.Logger.Level.INFO, "Restored {0} updates from the model snapshot and replayed {1} after it"
                    + " in {2} ms", from.updates(), n, ms);
        }
        return from != null;
    }

    /** Reads the model snapshot into the engine if it describes the beginning of the log; its position or null. */
    private LogPosition restore() {
        if (snapshot == null || !snapshot.exists()) {
            return null;
        }
        try {
            LogPosition at = snapshot.position().orElse(null);
            if (at == null) {
                LOG.log(System.Logger.Level.WARNING, "The model snapshot is damaged or of another version: replaying the log");
                return null;
            }
            if (!at.settings().equals(store.position().settings())) {
                LOG.log(System.Logger.Level.INFO, "Settings changed since the model snapshot: replaying the log");
                return null;
            }
            if (!store.contains(at)) {
                LOG.log(System.Logger.Level.WARNING, "The log no longer begins with what the model snapshot learnt: replaying the log");
                return null;
            }
            Map<String, Map<String, String>> restored = snapshot.readInto(engine);
            links.putAll(restored);
            restored.forEach(this::indexLinks);
            appliedLinks.set(at.links());
            return at;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot read the model snapshot (" + e + "); replaying the log");
            return null;
        }
    }

    /**
     * Writes the engine's models to the snapshot file, if the engine has learnt exactly the log: nothing else
     * wrote to it meanwhile (another process through AUTO_SERVER, say) and no setting changed. Call on the
     * group-commit thread, or when no more commits come: the engine must not learn while it is written.
     */
    private void writeSnapshot() {
        ModelSnapshot file = snapshot;
        if (file == null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            if (settingsChanged) {
                LOG.log(System.Logger.Level.INFO, "No model snapshot: settings changed, the next start replays the log");
                return;
            }
            LogPosition at = store.position();
            long learnt = 0;
            for (ServiceAccount account : store.services()) {
                learnt += engine.counts(account.name()).events();
            }
            if (at.updates() != learnt || at.links() != appliedLinks.get()) {
                LOG.log(System.Logger.Level.INFO, "No model snapshot: the log has {0} updates, the engine learnt {1}",
                        at.updates(), learnt);
                return;
            }
            file.write(at, links, engine);
            snapshotState = snapshotState.written(Instant.now(), learnt);
            telemetry.snapshotWritten(learnt, System.nanoTime() - t0);
            LOG.log(System.Logger.Level.INFO, "Wrote the model snapshot ({0} updates) in {1} ms", learnt,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            snapshotState = snapshotState.failed(Instant.now(), e.toString());
            telemetry.snapshotFailed(e.toString(), System.nanoTime() - t0);
            LOG.log(System.Logger.Level.ERROR, "Cannot write the model snapshot " + file.file() + " (" + e
                    + "); a start replays the log after the last snapshot written", e);
        }
    }

    /** Counts learnt updates; after every {@link #snapshotEvery}, queues a snapshot behind the present commits. */
    private void learnt(long updates) {
        sinceSnapshot += updates;
        long every = snapshotEvery;
        if (every > 0 && sinceSnapshot >= every) {
            sinceSnapshot = Long.MIN_VALUE; // queued once
            committer.later(() -> {
                sinceSnapshot = 0;
                writeSnapshot();
            });
        }
    }

    /** Gives the engine every service's product records as item attributes (the rules filter on them). */
    private void feedAttributes() {
        for (ServiceAccount account : store.services()) {
            Map<String, Map<String, Object>> byId = new java.util.LinkedHashMap<>();
            for (Map<String, Object> p : catalog.products(account.name())) {
                byId.put((String) p.get(ProductCatalog.PRODUCT_ID), p);
            }
            engine.putAttributes(account.name(), byId);
        }
    }

    private void configureAll() {
        for (ServiceAccount account : store.services()) {
            engine.configure(account.name(), account.settings());
        }
    }

    /**
     * Stores updates for a service and feeds them to the engine; returns once they are durable.
     *
     * @param visitor the browser's visitor id (ssasid), or null on the server-side API
     * @return how many updates were new (repeated eventIds are acknowledged but stored once)
     */
    public int update(String service, List<Update> updates, String visitor) {
        // a browser may only link its visitor id to a customer where the service does not require signed ids
        boolean mayLink = !CustomerSignatures.required(requireService(service));
        return update(service, updates, java.util.Collections.nCopies(updates.size(), visitor), mayLink);
    }

    /**
     * Stores updates whose visitor ids differ (the Miso-style API names an {@code anonymous_id} per record); returns
     * once they are durable. An update naming both a customer and a visitor links the visitor's history to the
     * customer when {@code mayLink}.
     *
     * @param visitors per update, the visitor id or null
     * @return how many updates were new
     */
    public int update(String service, List<Update> updates, List<String> visitors, boolean mayLink) {
        requireService(service);
        long now = System.currentTimeMillis();
        List<StoredUpdate> stored = new ArrayList<>(updates.size());
        List<Link> newLinks = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            Update u = updates.get(i);
            String visitor = visitors.get(i);
            String person;
            if (u.anonymous()) {
                if (visitor == null) {
                    throw AnbefalException.badInput("updates[" + i + "].customer is missing"
                            + (u.customer() == null ? "" : " (\"anonymous\" needs a visitor id)")
                            + ": name the customer, or send the visitor id as the x-ssasid header,"
                            + " the ssasid cookie or an ssasid field");
                }
                person = visitor;
            } else {
                person = u.customer();
                if (mayLink && visitor != null && !visitor.equals(person) && !person.equals(linkedTo(service, visitor))
                        && newLinks.stream().noneMatch(l -> l.alias().equals(visitor) && l.person().equals(u.customer()))) {
                    newLinks.add(new Link(visitor, person, now));
                }
            }
            check("updates[" + i + "]", person, u);
            long time = u.timeMillis() == null ? now : u.timeMillis();
            stored.add(new StoredUpdate(new Event(person, u.entityIDs(), u.what(), u.where(), u.origin(), u.tags(),
                    time, u.boost(), u.number()), u.eventId()));
        }
        return commit(new Store.Batch(service, stored, newLinks)).size();
    }

    /** What the store's columns need of an update (the parsers check the same with their own field names). */
    private static void check(String at, String person, Update u) {
        Lengths.check(at + (u.anonymous() ? ".ssasid" : ".customer"), person, Limits.PERSON);
        Lengths.check(at + ".what", u.what(), Limits.WHAT);
        Lengths.check(at + ".where", u.where(), Limits.CHANNEL);
        Lengths.check(at + ".origin", u.origin(), Limits.ORIGIN);
        Lengths.check(at + ".eventId", u.eventId(), Limits.EVENT_ID);
        Lengths.checkJson(at + ".entityIDs", u.entityIDs());
        Lengths.checkJson(at + ".tags", u.tags());
    }

    /** Starts a bulk load (a dataset import) into an existing service; see {@link Store#bulkLoad}. */
    public Store.BulkLoad bulkLoad(String service) {
        requireService(service);
        try {
            return store.bulkLoad(service);
        } catch (StoreException.Busy e) {
            throw new AnbefalException(AnbefalException.Kind.CONFLICT, e.getMessage() + "; nothing of this one was loaded");
        }
    }

    /**
     * Publishes a bulk load and applies it to the engine, on the group-commit thread so that the engine learns it
     * in log order with the updates around it. Returns how many updates were published.
     */
    public long publish(String service, Store.BulkLoad bulk) {
        requireService(service);
        return committer.run(() -> {
            EngineFeed feed = new EngineFeed();
            bulk.publish(feed);
            long n = feed.finish();
            learnt(n);
            return n;
        });
    }

    /**
     * Erases persons from a service: the given user ids (customers) and anonymous ids (visitors) and every id linked
     * to them leave the event log (single updates and bulk-loaded blocks), the links, the user records
     * ({@link Store#erase}); then the service's model is learnt anew from what the log still holds, and the model
     * snapshot file is deleted (a new one is written on close or after the next {@code snapshot-every} updates; a
     * start before that replays the log). Runs on the group-commit thread, between two commits; meanwhile the
     * service's recommendations come from a model being rebuilt. Durable on return.
     */
    public Store.Erasure erase(String service, java.util.Collection<String> userIds,
                               java.util.Collection<String> anonymousIds) {
        requireService(service);
        return committer.run(() -> {
            Store.Erasure erased = store.erase(service, userIds, anonymousIds);
            if (erased.updates() == 0 && erased.links() == 0) {
                return erased;
            }
            long linksLeft = appliedLinks.get() - erased.links();
            engine.clear(service);
            engine.configure(service, requireService(service).settings());
            links.remove(service);
            linkedIds.remove(service); // the trust model's memory of linked ids forgets the erased ones too
            customerIds.remove(service);
            // the service learns anew from what its log still holds, through the replay's own feed
            EngineFeed feed = new EngineFeed();
            store.replay(new Store.ReplaySink() {
                @Override
                public void link(String s, Link link) {
                    if (s.equals(service)) {
                        feed.link(s, link);
                    }
                }

                @Override
                public void update(String s, StoredUpdate update) {
                    if (s.equals(service)) {
                        feed.update(s, update);
                    }
                }
            });
            feed.finish();
            appliedLinks.set(linksLeft); // the feed counted the service's links again
            ModelSnapshot file = snapshot;
            if (file != null) {
                try {
                    file.delete();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("Cannot delete the model snapshot after an erasure", e);
                }
            }
            LOG.log(System.Logger.Level.INFO, "Erased {0} ids of service {1}: {2} updates, {3} links; model relearnt",
                    erased.persons().size(), service, erased.updates(), erased.links());
            return erased;
        });
    }

    /** Feeds the log (replay, a publication) to the engine in chunks per service. */
    private final class EngineFeed implements Store.ReplaySink {
        private final Map<String, List<Event>> chunks = new HashMap<>();
        /** Updates in the engine before this feed (restored from the snapshot), for the replay progress. */
        private final long before;
        private long n;

        EngineFeed() {
            this(0);
        }

        EngineFeed(long before) {
            this.before = before;
        }

        @Override
        public void link(String service, Link link) {
            List<Event> chunk = chunks.get(service);
            if (chunk != null && !chunk.isEmpty()) {
                engine.apply(service, chunk); // the updates before the link first, as the log has them
                chunk.clear();
            }
            applyLink(service, link);
        }

        @Override
        public void update(String service, StoredUpdate update) {
            List<Event> chunk = chunks.computeIfAbsent(service, s -> new ArrayList<>(REPLAY_CHUNK));
            chunk.add(update.event());
            n++;
            if (chunk.size() == REPLAY_CHUNK) {
                engine.apply(service, chunk);
                chunk.clear();
                telemetry.replayProgress(before + n);
            }
        }

        /** Applies what is left; returns how many updates were fed. */
        long finish() {
            chunks.forEach((service, chunk) -> {
                if (!chunk.isEmpty()) {
                    engine.apply(service, chunk);
                    chunk.clear();
                }
            });
            return n;
        }
    }

    /** Sets (or with a null value removes) a service setting, durably, and applies the service's settings. */
    public void configure(String service, String key, String value) {
        requireService(service);
        Lengths.check("the setting's key", key, Limits.SETTING_KEY);
        Lengths.check("the value of " + key, value, Limits.SETTING_VALUE);
        try {
            Engine.checkSetting(key, value);
        } catch (RuleSyntaxException e) {
            throw AnbefalException.badInput(e.getMessage());
        }
        store.putSetting(service, key, value);
        // models learnt under other settings would differ from a replay's; a service that learnt nothing yet is the same
        if (engine.counts(service).events() > 0) {
            settingsChanged = true;
        }
        services.refresh(service);
        engine.configure(service, requireService(service).settings());
    }

    /** Makes {@code alias}'s history (past and future) count for {@code person}; durable on return. */
    public void link(String service, String alias, String person) {
        requireService(service);
        Lengths.check("alias", alias, Limits.PERSON);
        Lengths.check("person", person, Limits.PERSON);
        if (alias.equals(person) || person.equals(linkedTo(service, alias))) {
            return;
        }
        commit(new Store.Batch(service, List.of(), List.of(new Link(alias, person, System.currentTimeMillis()))));
    }

    /** Whether {@code id} took part in a link (as either side): false for an id that was never linked. */
    boolean linked(String service, String id) {
        Set<String> ids = linkedIds.get(service);
        return ids != null && ids.contains(id);
    }

    /** Whether {@code id} is linked into an identity holding a customer (see {@link #customerIds}). */
    boolean withCustomer(String service, String id) {
        Set<String> ids = customerIds.get(service);
        return ids != null && ids.contains(id);
    }

    /** Indexes restored links; a link marks customers until nothing changes, as the links' order is lost. */
    private void indexLinks(String service, Map<String, String> aliases) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, String> e : aliases.entrySet()) {
                changed |= index(service, e.getKey(), e.getValue());
            }
        }
    }

    /** Indexes one link; whether it marked an id as linked to a customer that was not before. */
    private boolean index(String service, String alias, String person) {
        Set<String> ids = linkedIds.computeIfAbsent(service, s -> ConcurrentHashMap.newKeySet());
        ids.add(alias);
        ids.add(person);
        Set<String> customers = customerIds.computeIfAbsent(service, s -> ConcurrentHashMap.newKeySet());
        if (!BrowserTrust.looksIssued(alias) || !BrowserTrust.looksIssued(person)
                || customers.contains(alias) || customers.contains(person)) {
            return customers.add(alias) | customers.add(person);
        }
        return false;
    }

    /** The person a visitor id or merged id is linked to, or null. */
    public String linkedTo(String service, String alias) {
        Map<String, String> map = links.get(service);
        return map == null ? null : map.get(alias);
    }

    /**
     * Recommends. The visitor id (may be null) stands in for {@code "anonymous"} in externalIds and in a
     * {@code userid:anonymous} tag, and for empty externalIds.
     */
    public Recommendation recommend(String service, RecommendRequest request, String visitor) {
        requireService(service);
        List<String> ids = request.externalIds();
        List<String> tags = request.tags();
        if (visitor != null) {
            ids = ids.isEmpty() ? List.of(visitor) : ids.stream().map(id -> ANONYMOUS.equals(id) ? visitor : id).toList();
            tags = tags.stream().map(t -> ("userid:" + ANONYMOUS).equals(t) ? "userid:" + visitor : t).toList();
        }
        RecommendRequest resolved = request.with(ids, tags);
        try {
            return engine.recommend(service, resolved).orElseThrow(() -> AnbefalException.notFound(
                    "unknown recommender '" + request.recommender() + "' for service '" + service + "'"));
        } catch (RuleSyntaxException e) {
            throw AnbefalException.badInput(e.getMessage()); // a rule of the request's tags or of the instance
        }
    }

    /** Which of the products a rule expression selects over the service's attributes (the engine's rule evaluator). */
    public Set<String> matching(String service, io.anbefal.engine.rules.Expr expr, java.util.Collection<String> ids) {
        return engine.matching(service, expr, io.anbefal.engine.rules.RuleContext.EMPTY, ids);
    }

    /** Whether the service has a recommender of that name (configured, or a type's default instance). */
    public boolean hasRecommender(String service, String recommender) {
        requireService(service);
        return engine.hasRecommender(service, recommender);
    }

    public ServiceStatus status(String service) {
        requireService(service);
        ServiceCounts c = engine.counts(service);
        return new ServiceStatus(service, "RUNNING", started, c.persons(), c.entities(), c.events(), snapshotState);
    }

    public Stats stats(String service, long fromMillis, long toMillis) {
        requireService(service);
        return store.stats(service, fromMillis, toMillis);
    }

    /** The dashboard's activity of a service over a time range ({@link Store#activity}). */
    public io.anbefal.store.Activity activity(String service, long fromMillis, long toMillis, long bucketMillis,
                                              int top, int tail) {
        requireService(service);
        return store.activity(service, fromMillis, toMillis, bucketMillis, top, tail);
    }

    /** The account of a service that exists, or a NOT_FOUND problem. */
    public ServiceAccount requireService(String service) {
        Lengths.check("service", service, Limits.SERVICE);
        return services.find(service).orElseThrow(() -> AnbefalException.notFound("unknown service '" + service + "'"));
    }

    private List<StoredUpdate> commit(Store.Batch batch) {
        try {
            return committer.submit(batch).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void afterCommit(Store.Batch batch, List<StoredUpdate> accepted) {
        for (Link l : batch.links()) {
            applyLink(batch.service(), l);
        }
        if (!accepted.isEmpty()) {
            List<Event> events = new ArrayList<>(accepted.size());
            for (StoredUpdate u : accepted) {
                events.add(u.event());
            }
            engine.apply(batch.service(), events);
            learnt(events.size());
            acknowledged(batch.service(), accepted);
        }
    }

    /** Tells the telemetry how many new updates of each {@code what} a commit made durable and learnt. */
    private void acknowledged(String service, List<StoredUpdate> accepted) {
        if (accepted.size() == 1) {
            telemetry.acknowledged(service, accepted.getFirst().event().what(), 1);
            return;
        }
        Map<String, Long> byWhat = new HashMap<>();
        for (StoredUpdate u : accepted) {
            byWhat.merge(u.event().what(), 1L, Long::sum);
        }
        byWhat.forEach((what, n) -> telemetry.acknowledged(service, what, n));
    }

    private void applyLink(String service, Link link) {
        appliedLinks.incrementAndGet();
        links.computeIfAbsent(service, s -> new ConcurrentHashMap<>()).put(link.alias(), link.person());
        index(service, link.alias(), link.person());
        engine.link(service, link.alias(), link.person());
    }

    @Override
    public void close() {
        committer.close();
        writeSnapshot();
    }
}
