package io.anbefal.engine;

import io.anbefal.engine.rules.RuleContext;
import io.anbefal.engine.rules.Rules;

import java.util.List;

/**
 * A request for recommendations from one named recommender of a service.
 * <p>
 * Equal requests get equal answers from the same model: {@code rules} and {@code context} are records with value
 * equality, so a cache of answers keyed on the whole request (or on its {@link #rules} text and {@link #context})
 * never serves one rule set's answer for another's.
 *
 * @param recommender the recommender name, as configured for the service
 * @param externalIds what the recommender is asked about: items, a basket, or a customer / visitor id
 * @param tags        free tags; {@code userid:X} names the consumer of item-based recommendations; {@code filter:},
 *                    {@code rule:} and {@code ctx:} tags add rules and context (see {@link RuleTags})
 * @param num         how many results are wanted, at least 1
 * @param rules       the request's own rules (besides the instance's and the tags'); never null
 * @param context     the request context the rules read ({@code Request.x}, {@code User.x}, {@code Product.x});
 *                    never null
 */
public record RecommendRequest(String recommender, List<String> externalIds, List<String> tags, int num,
                               Rules rules, RuleContext context) {
    public RecommendRequest {
        externalIds = externalIds == null ? List.of() : List.copyOf(externalIds);
        tags = tags == null ? List.of() : List.copyOf(tags);
        rules = rules == null ? Rules.NONE : rules;
        context = context == null ? RuleContext.EMPTY : context;
    }

    /** A request without rules of its own. */
    public RecommendRequest(String recommender, List<String> externalIds, List<String> tags, int num) {
        this(recommender, externalIds, tags, num, Rules.NONE, RuleContext.EMPTY);
    }

    /** The same request for other ids and tags (rules and context kept). */
    public RecommendRequest with(List<String> ids, List<String> newTags) {
        return new RecommendRequest(recommender, ids, newTags, num, rules, context);
    }

    /** The same request with other rules and context. */
    public RecommendRequest with(Rules newRules, RuleContext newContext) {
        return new RecommendRequest(recommender, externalIds, tags, num, newRules, newContext);
    }
}
