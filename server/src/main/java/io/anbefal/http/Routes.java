package io.anbefal.http;

import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.engine.Recommendation;
import io.anbefal.http.kibo.KiboRtiService;
import io.anbefal.http.miso.BulkService;
import io.anbefal.http.miso.InteractionsService;
import io.anbefal.http.miso.MisoHttp;
import io.anbefal.http.miso.ProductsService;
import io.anbefal.http.miso.RecommendationService;
import io.anbefal.http.miso.SearchService;
import io.anbefal.http.miso.UsersService;
import io.anbefal.http.sannsyn.AjaxApiService;
import io.anbefal.http.sannsyn.DatasetService;
import io.anbefal.http.sannsyn.RecApiService;
import io.anbefal.miso.Miso;
import io.anbefal.miso.MisoSearch;
import io.anbefal.tenant.TooManyChecks;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's routing: the Sannsyn APIs, Kibo RTI's read API, a health check, and JSON for every error. */
public final class Routes {

    private static final System.Logger LOG = System.getLogger(Routes.class.getName());

    private Routes() {
    }

    /** Registers everything the API listener serves. */
    public static void api(HttpRouting.Builder routing, Anbefal anbefal, long maxBody) {
        Miso miso = new Miso(anbefal);
        routing.addFilter(Protocol.filter())
                .register("/recapi/1.0", new DatasetService(anbefal))
                .register(RecApiService.PREFIX, new RecApiService(anbefal, maxBody))
                .register(AdminService.PREFIX, new AdminService(anbefal))
                .register("/ajaxrecapi/1.0", new AjaxApiService(anbefal, maxBody))
                .register(KiboRtiService.PREFIX, new KiboRtiService(anbefal, anbefal.catalog()))
                .register(MisoHttp.PREFIX, MisoHttp.corsService(anbefal));
        InteractionsService interactions = new InteractionsService(anbefal, maxBody);
        RecommendationService recommendation = new RecommendationService(anbefal, miso, maxBody);
        ProductsService products = new ProductsService(anbefal, maxBody);
        UsersService users = new UsersService(anbefal, maxBody);
        SearchService search = new SearchService(anbefal, new MisoSearch(anbefal), miso, maxBody);
        routing.register(MisoHttp.PREFIX + "/interactions", interactions)
                .register(MisoHttp.PREFIX + "/recommendation", recommendation)
                .register(MisoHttp.PREFIX + "/products", products)
                .register(MisoHttp.PREFIX + "/users", users)
                .register(MisoHttp.PREFIX + "/search", search)
                .register(MisoHttp.PREFIX + "/bulk", new BulkService(anbefal, maxBody,
                        BulkService.operations(interactions, recommendation, products, users, search)))
                .get("/health", (req, res) -> Http.json(res, Map.of("statusOK", true, "text", "UP")));
        errors(routing);
    }

    /**
     * JSON errors: each problem to its status, a malformed request (a header, a body that cannot be read) to its
     * 4xx ({@link Protocol}), 404 for unknown paths, and a 500 only for real faults; in Miso's shapes on
     * {@code /v1} (see {@link MisoHttp#error}).
     */
    public static void errors(HttpRouting.Builder routing) {
        routing.error(TooManyChecks.class, (req, res, e) -> {
            res.header(HeaderNames.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
            String text = e.getMessage() + " (after " + e.retryAfterSeconds() + " s)";
            if (Http.isMiso(req)) {
                Http.misoError(res, Status.TOO_MANY_REQUESTS_429, text);
            } else {
                Http.error(res, Status.TOO_MANY_REQUESTS_429, text);
            }
        }).error(AnbefalException.class, (req, res, e) -> {
            if (e instanceof Protocol.MalformedRequestException m) {
                Protocol.send(req, res, m);
                return;
            }
            if (Http.isMiso(req)) {
                MisoHttp.error(res, e);
                return;
            }
            if (e.kind() == AnbefalException.Kind.UNAUTHENTICATED) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"anbefal\", charset=\"UTF-8\"");
            }
            Http.error(res, Http.status(e.kind()), e.getMessage());
        }).error(Exception.class, (req, res, e) -> {
            var fault = Protocol.clientFault(e);
            if (fault.isPresent()) {
                Protocol.send(req, res, fault.get());
                return;
            }
            LOG.log(System.Logger.Level.ERROR, "Failed on " + req.prologue().method().text() + " " + req.path().absolute().path(), e);
            String text = "internal error: " + e.getClass().getSimpleName();
            if (Http.isMiso(req)) {
                Http.misoError(res, Status.INTERNAL_SERVER_ERROR_500, text);
            } else {
                Http.error(res, Status.INTERNAL_SERVER_ERROR_500, text);
            }
        }).any((req, res) -> {
            String text = "no such resource: " + req.prologue().method().text() + " " + req.path().absolute().path();
            if (Http.isMiso(req)) {
                Http.misoError(res, Status.NOT_FOUND_404, text);
            } else {
                Http.error(res, Status.NOT_FOUND_404, text);
            }
        });
    }
}
