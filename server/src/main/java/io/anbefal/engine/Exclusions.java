package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

/**
 * The exclusion step of a request ("the effective candidate set is C \ E", as LensKit's {@code ItemRecommender}
 * puts it): marks in the {@link Scorer} what the answer must leave out, whatever its score.
 */
final class Exclusions {

    private Exclusions() {
    }

    /**
     * The person's purchased items ({@code exclude-purchased}) or everything they interacted with
     * ({@code exclude-seen}), and the entities asked about: never recommend the basket or the item shown. The
     * type says which of the two apply.
     */
    static void mark(Query q, Spec spec, ItemScorer type, Person person, Scorer scorer) {
        if (person != null && type.excludesPersonsItems()) {
            IntFloatMap what = spec.excludeSeen() ? person.interacted : spec.excludePurchased() ? person.purchased : null;
            if (what != null) {
                for (int k = 0; k < what.size(); k++) {
                    scorer.exclude(what.keys[k]);
                }
            }
        }
        if (type.excludesAsked()) {
            IdIndex items = q.model().items;
            for (String id : q.request().externalIds()) {
                int i = items.find(id);
                if (i >= 0) {
                    scorer.exclude(i);
                }
            }
        }
    }
}
