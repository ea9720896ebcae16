package io.anbefal.http;

import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.http.kibo.KiboApi;
import io.anbefal.http.miso.MisoApi;
import io.anbefal.http.miso.MisoHttp;
import io.anbefal.http.sannsyn.SannsynApi;
import io.anbefal.tenant.TooManyChecks;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;

import java.util.Map;

/**
 * The API's wiring: the protocol filter, one entry service per dialect (Sannsyn 1.0, Kibo RTI, the Miso-style
 * {@code /v1}), the operator's dashboard, a health check, and JSON for every error.
 */
public final class Routes {

    private static final System.Logger LOG = System.getLogger(Routes.class.getName());

    private Routes() {
    }

    /** Registers everything the API listener serves. */
    public static void api(HttpRouting.Builder routing, Anbefal anbefal, long maxBody) {
        routing.addFilter(Protocol.filter())
                .register(new SannsynApi(anbefal, maxBody), new KiboApi(anbefal), new MisoApi(anbefal, maxBody))
                .register(AdminService.PREFIX, new AdminService(anbefal))
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
