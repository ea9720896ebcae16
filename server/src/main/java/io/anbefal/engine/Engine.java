package io.anbefal.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scoring engine of all services: learns from acknowledged events and answers named recommenders.
 * Implementations are thread-safe. This package imports neither HTTP nor SQL.
 */
public interface Engine {

    /**
     * Sets a service's settings: flat keys such as {@code recommender.NAME.type}, {@code weight.PURCHASE}.
     * A service never configured uses the defaults. May be called again at any time.
     */
    void configure(String service, Map<String, String> settings);

    /**
     * Forgets everything a service's model learnt (its settings stay), so that it can be learnt anew from the log:
     * after an erasure. Answers for the service are from an empty model until it is fed again.
     */
    void clear(String service);

    /** Applies events that are already durably stored. Called in commit order. */
    void apply(String service, List<Event> events);

    /** From now on {@code alias} (an ssasid, or a merged old id) is the same person as {@code person}. */
    void link(String service, String alias, String person);

    /** Whether {@code recommender} names a recommender of the service (configured or default). */
    boolean hasRecommender(String service, String recommender);

    /**
     * Whether two ids are one person: the same id, or joined by links (a visitor signed in as a customer, merged
     * ids). False when either is unknown to the service and they differ.
     */
    boolean samePerson(String service, String a, String b);

    /** Whether {@code id} names a person of the service (one with history or links). */
    boolean knowsPerson(String service, String id);

    /**
     * Whether answering {@code recommender} (or a fallback it falls back to) echoes a person's raw history, as
     * a {@code RecentlyViewedRecommender} does; false for an unknown recommender.
     */
    boolean echoesHistory(String service, String recommender);

    /**
     * Recommends; empty when the recommender is unknown to the service. The answer obeys the instance's rules
     * ({@code recommender.NAME.rules}), the request's ({@link RecommendRequest#rules}) and its tags' (see
     * {@link io.anbefal.engine.rules.RuleTags}), over the attributes given by {@link #putAttributes}.
     *
     * @throws io.anbefal.engine.rules.RuleSyntaxException when a rule of the tags or of the instance's settings
     *                                                     does not parse (its message names it)
     */
    Optional<Recommendation> recommend(String service, RecommendRequest request);

    /**
     * The experiment's variant that would answer the request (the person's, see {@link Experiments}); empty outside
     * experiments and for an unknown recommender.
     */
    Optional<Recommendation.Variant> variant(String service, RecommendRequest request);

    /**
     * Sets items' attributes (product records: field to JSON-like value), each replacing all the item had. Rules
     * filter on them. They are not learnt: the caller feeds them again after a start (from the catalog).
     */
    void putAttributes(String service, Map<String, ? extends Map<String, ?>> byItem);

    /**
     * Adds an item fact (of an update or dataset; the engine learns those from the events it applies): these
     * attributes replace the same of the item's earlier facts; its catalog record's still win.
     */
    void mergeAttributes(String service, String item, Map<String, ?> attributes);

    /**
     * Which of {@code items} an expression selects over the service's item attributes (the one evaluator of rules:
     * Miso's {@code boost_fq}, a search's {@code fq}), in the order given.
     */
    java.util.Set<String> matching(String service, io.anbefal.engine.rules.Expr expr,
                                   io.anbefal.engine.rules.RuleContext context, Collection<String> items);

    /** Forgets items' attributes. */
    void removeAttributes(String service, Collection<String> items);

    /**
     * Checks a setting before it is stored: a {@code recommender.NAME.rules} value must parse.
     *
     * @throws io.anbefal.engine.rules.RuleSyntaxException naming the setting and the problem
     */
    static void checkSetting(String key, String value) {
        EngineSettings.check(key, value);
    }

    /**
     * The engine's problems with a service's settings as a whole (rules that do not parse, with the parser's
     * position; unknown recommender types; numbers, booleans and words not of their setting's form, with the form;
     * experiments), one message per problem naming its setting.
     */
    static java.util.List<String> settingsProblems(Map<String, String> settings) {
        return EngineSettings.problems(settings);
    }

    /** Sizes of one service's model; zeros for a service that has seen nothing. */
    ServiceCounts counts(String service);

    /**
     * An estimate of the memory one service's model takes, in bytes (its arrays' lengths times their element
     * sizes, and per-object overheads); 0 for a service that has seen nothing. Walks the model: for a gauge, not
     * for every request.
     */
    default long modelBytes(String service) {
        return 0;
    }

    /**
     * Answers of one service the engine's answer cache reused and computed (looked up and missed) since the
     * service's settings were last set or its model was read anew; zeros for an engine or service without one.
     */
    default CacheCounts answerCache(String service) {
        return new CacheCounts(0, 0);
    }

    /** Hits and misses of an answer cache. */
    record CacheCounts(long hits, long misses) {
    }

    /**
     * Writes every service's learnt model (a snapshot), for {@link #readSnapshot} in a later process. The caller
     * makes sure no events are applied meanwhile.
     */
    void writeSnapshot(DataOutput out) throws IOException;

    /** Replaces every service's model by those of a snapshot; configure the services first. */
    void readSnapshot(DataInput in) throws IOException;
}
