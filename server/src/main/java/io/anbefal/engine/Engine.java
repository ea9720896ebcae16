package io.anbefal.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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

    /** Recommends; empty when the recommender is unknown to the service. */
    Optional<Recommendation> recommend(String service, RecommendRequest request);

    /**
     * The experiment's variant that would answer the request (the person's, see {@link Experiments}); empty outside
     * experiments and for an unknown recommender.
     */
    Optional<Recommendation.Variant> variant(String service, RecommendRequest request);

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
     * Writes every service's learnt model (a snapshot), for {@link #readSnapshot} in a later process. The caller
     * makes sure no events are applied meanwhile.
     */
    void writeSnapshot(DataOutput out) throws IOException;

    /** Replaces every service's model by those of a snapshot; configure the services first. */
    void readSnapshot(DataInput in) throws IOException;
}
