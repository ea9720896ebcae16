package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;
import io.anbefal.engine.EngineSettings.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Which arm of an experiment answers a request: the experiment at the request's first placement that has one,
 * else at the requested recommender's name; the variant of the person's root id ({@link Persons#rootId}), so a
 * visitor linked to a customer (and every device linked to them) gets the customer's variant. A request without a
 * person (an item-based one without {@code userid:} tag, or {@code anonymous}) is answered outside the experiment.
 */
final class ExperimentStep {

    /** The id that names no one: answers for it are not assigned. */
    static final String ANONYMOUS = "anonymous";

    /** What answers: the instance (maybe as a variant sets it up) and the variant, null outside experiments. */
    record Arm(Spec spec, Recommendation.Variant variant) {
        /** The answer as this arm gives it: a variant's origin carries its label. */
        Recommendation tag(Recommendation r) {
            return variant == null ? r
                    : new Recommendation(r.items(), Experiments.tag(r.origin(), variant), r.scored(), variant);
        }
    }

    private ExperimentStep() {
    }

    /**
     * The arm of a request for {@code requested}; {@code rootId} gives the root id of a person id (under the
     * model's lock).
     */
    static Arm arm(EngineSettings settings, RecommendRequest request, Spec requested, UnaryOperator<String> rootId) {
        List<String> where = new ArrayList<>(request.placements());
        where.add(request.recommender());
        Optional<Experiment> found = settings.experiments().at(where);
        String person = found.isEmpty() ? null : person(request, requested);
        if (person == null) {
            return new Arm(requested, null);
        }
        Experiment e = found.get();
        Experiment.Variant v = e.assign(rootId.apply(person));
        Spec spec = v.recommender() == null ? requested : settings.recommenders().get(v.recommender());
        if (spec == null) { // parsing checked the names; settings changed under a running request
            spec = requested;
        }
        return new Arm(settings.variantOf(e, v, spec), new Recommendation.Variant(e.name(), v.name()));
    }

    /**
     * Whom a request is for: the last {@code userid:} tag, else (for a recommender asked about a person) the first
     * asked id; null for none or {@value #ANONYMOUS}.
     */
    static String person(RecommendRequest request, Spec requested) {
        String person = null;
        for (String tag : request.tags()) {
            if (tag.startsWith("userid:") && tag.length() > 7) {
                person = tag.substring(7);
            }
        }
        boolean aboutItems = requested.type() == Type.ItemToItemRecommender
                || requested.type() == Type.ShoppingBasketRecommender;
        if (person == null && !aboutItems && !request.externalIds().isEmpty()) {
            person = request.externalIds().getFirst();
        }
        return ANONYMOUS.equals(person) ? null : person;
    }
}
