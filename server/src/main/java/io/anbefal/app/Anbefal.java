package io.anbefal.app;

import io.anbefal.catalog.PersonalRanking;
import io.anbefal.catalog.ProductCatalog;
import io.anbefal.catalog.ProductIndex;
import io.anbefal.engine.Engine;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;
import io.anbefal.engine.ServiceCounts;
import io.anbefal.engine.rules.RuleSyntaxException;
import io.anbefal.store.Activity;
import io.anbefal.store.Limits;
import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Stats;
import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;
import io.anbefal.tenant.CustomerSignatures;
import io.anbefal.tenant.Services;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application: takes updates (durably, then into the engine), links identities, answers recommendations,
 * status and statistics. It knows nothing of HTTP; the handlers parse, call this, and answer. A facade: the work
 * is done by its parts, {@link Updates} (the write path), {@link Identities} (the link map), {@link Recovery}
 * (snapshot and replay), {@link CatalogWrites}, {@link Publication} (bulk loads), {@link Erasures}, {@link Retention} and
 * {@link PersonalSearch}.
 */
public final class Anbefal implements AutoCloseable {

    /** The {@code what} of the catalog facts that product records with categories give the engine. */
    public static final String CATALOG_FACT = "CATALOG";
    /** The customer value that means "the visitor sending this". */
    public static final String ANONYMOUS = "anonymous";

    private final Store store;
    private final Engine engine;
    private final Services services;
    private final GroupCommitter committer;
    private final ProductCatalog catalog = new ProductCatalog();
    private final Instant started = Instant.now();
    private final BrowserTrust trust;
    private final Identities identities;
    private final Recovery recovery;
    private final Updates updates;
    private final CatalogWrites catalogWrites;
    private final Publication publication;
    private final Erasures erasures;
    private final SharedLog sharedLog;
    private final PersonalSearch personalSearch;
    private final Retention retention;
    private volatile SettingsCheck settingsCheck = SettingsCheck.CORE;

    /** An application whose visitor ids are signed with a random key of this process only (for tests). */
    public Anbefal(Store store, Engine engine, Services services) {
        this(store, engine, services, BrowserTrust.newKey(), Telemetry.NONE);
    }

    /** @param visitorKey the installation's key that its visitor ids carry a MAC of (kept in the data directory) */
    public Anbefal(Store store, Engine engine, Services services, byte[] visitorKey) {
        this(store, engine, services, visitorKey, Telemetry.NONE);
    }

    /** As above; {@code telemetry} is told of replay, commits, acknowledgements, snapshots (health, metrics). */
    public Anbefal(Store store, Engine engine, Services services, byte[] visitorKey, Telemetry telemetry) {
        this.store = store;
        this.engine = engine;
        this.services = services;
        this.identities = new Identities(engine);
        this.trust = new BrowserTrust(this, identities, engine, visitorKey);
        this.committer = new GroupCommitter(store, this::afterCommit, telemetry);
        this.recovery = new Recovery(store, engine, identities, telemetry, committer);
        this.updates = new Updates(engine, identities, recovery, telemetry, committer);
        this.catalogWrites = new CatalogWrites(store, catalog, updates, engine);
        this.sharedLog = new SharedLog(store, recovery,
                new LogCopies(store, services, engine, catalog, identities, recovery), committer, telemetry);
        this.publication = new Publication(store, recovery, committer, sharedLog);
        this.erasures = new Erasures(store, engine, identities, recovery, committer, this::service, sharedLog);
        this.personalSearch = new PersonalSearch((account, request) -> recommend(account, request, null));
        this.retention = new Retention(store, services, committer, sharedLog, erasures, telemetry);
    }

    /** The check of every settings write, with the API dialects' settings (the server's wiring gives them). */
    public void settingsCheck(SettingsCheck check) {
        this.settingsCheck = check;
    }

    public SettingsCheck settingsCheck() {
        return settingsCheck;
    }

    /** The services' retention ({@code retention.days}): its passes, for the server to start and tests to run. */
    public Retention retention() {
        return retention;
    }

    /** What became of this process's model snapshots: the one record of the last written and the last failure. */
    public SnapshotState snapshotState() {
        return recovery.snapshotState();
    }

    public Services services() {
        return services;
    }

    /** The browser trust model: every browser path acts through it. */
    public BrowserTrust trust() {
        return trust;
    }

    /** Whether a recommender of the service (or its fallbacks) answers a person's raw history. */
    public boolean echoesHistory(ServiceAccount account, String recommender) {
        return engine.echoesHistory(account.name(), recommender);
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
    public void putProducts(ServiceAccount account, List<Map<String, Object>> products) {
        catalogWrites.putProducts(account, products);
    }

    /** Removes product records; returns how many existed. Durable on return. */
    public int deleteProducts(ServiceAccount account, List<String> productIds) {
        return catalogWrites.deleteProducts(account.name(), productIds);
    }

    /**
     * Stores user records (the Miso-style users: a {@code user_id} and free attributes, as JSON text by user id), each
     * replacing the whole record of its id; durable on return. They are data for rules and filters, not signals.
     */
    public void putUsers(ServiceAccount account, Map<String, String> jsonByUserId) {
        catalogWrites.putUsers(account.name(), jsonByUserId);
    }

    /** One user record's JSON text, or empty. */
    public Optional<String> user(ServiceAccount account, String userId) {
        return catalogWrites.user(account.name(), userId);
    }

    /**
     * An access request: what the store holds of the person {@code id} and of every id linked to it (the ids an
     * {@link #erase} would take), by reading the log once ({@link PersonalData}).
     */
    public Map<String, Object> personalData(ServiceAccount account, String id) {
        return PersonalData.export(store, account.name(), id, identities.of(account.name()));
    }

    /** Removes user records; returns how many existed. Durable on return. */
    public int deleteUsers(ServiceAccount account, List<String> userIds) {
        return catalogWrites.deleteUsers(account.name(), userIds);
    }

    /**
     * Brings the engine up to date with the log: from the model snapshot and what the log holds after it, when
     * the snapshot is whole, was taken with the present settings and the log still begins with what it had
     * learnt; otherwise by replaying the whole log. Remembers the file, so that a snapshot is written there on
     * {@link #close} and, while running, after every {@code every} learnt updates (0: only on close), which bounds
     * what a start after a crash must replay. Then follows the shared log ({@link SharedLog}): what any process
     * commits to it is learnt in the log's order.
     *
     * @return whether the snapshot served
     */
    public boolean start(Path snapshotFile, long every) {
        catalog.load(store);
        catalogWrites.feedAttributes();
        boolean restored = recovery.start(snapshotFile, every);
        sharedLog.start(recovery.reached());
        return restored;
    }

    /**
     * Stores updates for a service and feeds them to the engine; returns once they are durable.
     *
     * @param visitor the browser's visitor id (ssasid), or null on the server-side API
     * @return how many updates were new (repeated eventIds are acknowledged but stored once)
     */
    public int update(ServiceAccount account, List<Update> updates, String visitor) {
        // a browser may only link its visitor id to a customer where the service does not require signed ids
        boolean mayLink = !CustomerSignatures.required(account);
        return update(account, updates, Collections.nCopies(updates.size(), visitor), mayLink);
    }

    /**
     * Stores updates whose visitor ids differ (the Miso-style API names an {@code anonymous_id} per record); returns
     * once they are durable. An update naming both a customer and a visitor links the visitor's history to the
     * customer when {@code mayLink}.
     *
     * @param visitors per update, the visitor id or null
     * @return how many updates were new
     */
    public int update(ServiceAccount account, List<Update> updates, List<String> visitors, boolean mayLink) {
        return this.updates.update(account.name(), updates, visitors, mayLink);
    }

    /** Starts a bulk load (a dataset import) into an existing service; see {@link Store#bulkLoad}. */
    public Store.BulkLoad bulkLoad(ServiceAccount account) {
        return publication.bulkLoad(account.name());
    }

    /**
     * Publishes a bulk load and applies it to the engine, on the group-commit thread so that the engine learns it
     * in log order with the updates around it. Returns how many updates were published.
     */
    public long publish(ServiceAccount account, Store.BulkLoad bulk) {
        return publication.publish(bulk);
    }

    /**
     * Erases persons from a service: the given user ids (customers) and anonymous ids (visitors) and every id linked
     * to them leave the event log (single updates and bulk-loaded blocks), the links, the user records
     * ({@link Store#erase}); then the service's model is learnt anew from what the log still holds, and the model
     * snapshot file is deleted (a new one is written on close or after the next {@code snapshot-every} updates; a
     * start before that replays the log). Runs on the group-commit thread, between two commits; meanwhile the
     * service's recommendations come from a model being rebuilt. Durable on return.
     */
    public Store.Erasure erase(ServiceAccount account, Collection<String> userIds, Collection<String> anonymousIds) {
        return erasures.erase(account.name(), userIds, anonymousIds);
    }

    /** Sets (or with a null value removes) one service setting, as {@link #configure(ServiceAccount, Map)}. */
    public void configure(ServiceAccount account, String key, String value) {
        java.util.Map<String, String> change = new java.util.HashMap<>();
        change.put(key, value);
        configure(account, change);
    }

    /**
     * Sets several settings (a null value removes one), durably and at once (one transaction, one entry of the log),
     * and applies them; {@link SettingsCheck} checks what they leave, against the settings as committed in that
     * transaction: a problem they bring is a bad input naming the setting, and nothing is set.
     */
    public void configure(ServiceAccount account, Map<String, String> changes) {
        changes.forEach((k, v) -> {
            Lengths.check("the setting's key", k, Limits.SETTING_KEY);
            Lengths.check("the value of " + k, v, Limits.SETTING_VALUE);
        });
        store.putSettings(account.name(), changes, before -> settingsCheck.check(before, changes));
        // models learnt under other settings would differ from a replay's; a service that learnt nothing yet is the same
        if (engine.counts(account.name()).events() > 0) {
            recovery.settingsChanged();
        }
        services.refresh(account.name());
        engine.configure(account.name(), service(account.name()).settings());
    }

    /** Makes {@code alias}'s history (past and future) count for {@code person}; durable on return. */
    public void link(ServiceAccount account, String alias, String person) {
        updates.link(account.name(), alias, person);
    }

    /** The person a visitor id or merged id is linked to, or null. */
    public String linkedTo(ServiceAccount account, String alias) {
        return identities.linkedTo(account.name(), alias);
    }

    /**
     * Recommends. The visitor id (may be null) stands in for {@code "anonymous"} ({@link VisitorIds#resolve}).
     */
    public Recommendation recommend(ServiceAccount account, RecommendRequest request, String visitor) {
        try {
            return engine.recommend(account.name(), VisitorIds.resolve(request, visitor)).orElseThrow(() -> AnbefalException.notFound(
                    "unknown recommender '" + request.recommender() + "' for service '" + account.name() + "'"));
        } catch (RuleSyntaxException e) {
            throw AnbefalException.badInput(e.getMessage()); // a rule of the request's tags or of the instance
        }
    }

    /** Which of the products a rule expression selects over the service's attributes (the engine's rule evaluator). */
    public java.util.Set<String> matching(ServiceAccount account, io.anbefal.engine.rules.Expr expr, Collection<String> ids) {
        return engine.matching(account.name(), expr, io.anbefal.engine.rules.RuleContext.EMPTY, ids);
    }

    /**
     * Search hits re-ranked for a person (null: relevance alone) by the person's recommendations: the one call
     * that the Miso-style search and Kibo's TermGuide share ({@link PersonalSearch}).
     */
    public PersonalRanking.Ranking rerank(ServiceAccount account, String person, List<ProductIndex.Hit> hits) {
        return personalSearch.rerank(account, person, hits);
    }

    /** Whether the service has a recommender of that name (configured, or a type's default instance). */
    public boolean hasRecommender(ServiceAccount account, String recommender) {
        return engine.hasRecommender(account.name(), recommender);
    }

    /** An estimate of the memory the service's model takes in this node's engine, in bytes ({@link Engine#modelBytes}). */
    public long modelBytes(ServiceAccount account) {
        return engine.modelBytes(account.name());
    }

    /** The service's answer cache in this node's engine: answers reused and computed ({@link Engine#answerCache}). */
    public Engine.CacheCounts answerCache(ServiceAccount account) {
        return engine.answerCache(account.name());
    }

    public ServiceStatus status(ServiceAccount account) {
        ServiceCounts c = engine.counts(account.name());
        return new ServiceStatus(account.name(), "RUNNING", started, c.persons(), c.entities(), c.events(),
                recovery.snapshotState(), settingsCheck.problems(account.settings()));
    }

    public Stats stats(ServiceAccount account, long fromMillis, long toMillis) {
        return store.stats(account.name(), fromMillis, toMillis);
    }

    /** The dashboard's activity of a service over a time range ({@link Store#activity}). */
    public Activity activity(ServiceAccount account, long fromMillis, long toMillis, long bucketMillis, int top, int tail) {
        return store.activity(account.name(), fromMillis, toMillis, bucketMillis, top, tail);
    }

    /**
     * The account of a service that exists, or a NOT_FOUND problem: resolved once (per request), it is the handle
     * that every call of a service takes.
     */
    public ServiceAccount service(String service) {
        Lengths.check("service", service, Limits.SERVICE);
        return services.find(service).orElseThrow(() -> AnbefalException.notFound("unknown service '" + service + "'"));
    }

    private void afterCommit(Store.Batch batch, List<StoredUpdate> accepted) {
        // the committer's thread starts before the parts are made
        if (sharedLog.active()) {
            updates.acknowledged(batch.service(), accepted); // learnt from the log already (SharedLog)
        } else {
            updates.afterCommit(batch, accepted);
        }
    }

    @Override
    public void close() {
        retention.close();
        sharedLog.close();
        committer.close();
        recovery.writeSnapshot();
    }
}
