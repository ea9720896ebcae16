package io.anbefal.app;

import io.anbefal.catalog.PersonalRanking;
import io.anbefal.catalog.ProductIndex;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;
import io.anbefal.store.ServiceAccount;

import java.util.List;
import java.util.function.BiFunction;

/**
 * The one personal re-rank of search hits that the Miso-style search and Kibo's TermGuide share: the person's
 * recommended products (the service's {@code miso.search.recommender}, up to {@link PersonalRanking#CANDIDATES})
 * lift the hits as {@link PersonalRanking} says.
 */
final class PersonalSearch {

    private final BiFunction<ServiceAccount, RecommendRequest, Recommendation> recommend;

    /** @param recommend the application's recommend, for a request with no visitor */
    PersonalSearch(BiFunction<ServiceAccount, RecommendRequest, Recommendation> recommend) {
        this.recommend = recommend;
    }

    /** See {@link Anbefal#rerank}. */
    PersonalRanking.Ranking rerank(ServiceAccount account, String person, List<ProductIndex.Hit> hits) {
        double weight = PersonalRanking.weight(account.settings());
        if (person == null || hits.isEmpty()) {
            return new PersonalRanking.Ranking(PersonalRanking.scores(hits, List.of(), weight), null);
        }
        Recommendation r = recommend.apply(account, new RecommendRequest(
                PersonalRanking.recommender(account.settings()), List.of(person), List.of(), PersonalRanking.CANDIDATES));
        List<String> recommended = r.items().stream().map(Recommendation.ScoredItem::id).toList();
        return new PersonalRanking.Ranking(PersonalRanking.scores(hits, recommended, weight), r.origin());
    }
}
