package io.anbefal.http.miso;

import io.anbefal.app.Anbefal;
import io.anbefal.http.Cors;
import io.anbefal.miso.Miso;
import io.anbefal.miso.MisoSearch;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * The Miso-style API, {@code /v1}: its CORS policy on every path under it (browsers carry a publishable key), then
 * its resources, each operation route behind the caller's filter ({@link MisoCaller}): interactions,
 * recommendation, products, users, search, and bulk over all of their operations. Errors take Miso's shapes
 * ({@link MisoHttp#error}).
 */
public final class MisoApi implements HttpService {

    /** Where this API is registered. */
    public static final String PREFIX = MisoHttp.PREFIX;

    private final Anbefal anbefal;
    private final long maxBody;

    public MisoApi(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        Miso miso = new Miso(anbefal);
        InteractionsService interactions = new InteractionsService(anbefal, maxBody);
        RecommendationService recommendation = new RecommendationService(anbefal, miso, maxBody);
        ProductsService products = new ProductsService(anbefal, maxBody);
        UsersService users = new UsersService(anbefal, maxBody);
        SearchService search = new SearchService(anbefal, new MisoSearch(anbefal), miso, maxBody);
        BulkService bulk = new BulkService(anbefal, maxBody,
                BulkService.operations(interactions, recommendation, products, users, search));
        // the CORS filter for every path under /v1, known or not: so that an unknown path's 404 carries
        // Access-Control-Allow-Origin too (a browser hides an answer without it, and Miso's SDK then never settles)
        rules.register(PREFIX, v1 -> v1.any((req, res) -> Cors.filter(anbefal, req, res, "content-type, x-api-key")))
                .register(PREFIX + "/interactions", interactions)
                .register(PREFIX + "/recommendation", recommendation)
                .register(PREFIX + "/products", products)
                .register(PREFIX + "/users", users)
                .register(PREFIX + "/search", search)
                .register(PREFIX + "/bulk", bulk);
    }
}
