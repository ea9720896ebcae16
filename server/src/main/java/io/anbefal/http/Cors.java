package io.anbefal.http;

import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.store.ServiceAccount;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Optional;

/**
 * The browser APIs' CORS policy (the ajax API, Kibo's read API, the Miso-style API): a first filter allows an origin
 * that some service allows, with credentials, on every answer including errors, and answers preflights (which name
 * no service); each request is then checked against its own service's origins by {@link #checkOrigin}, once its
 * caller is resolved ({@link BrowserCaller}, {@code http/miso/MisoCaller}).
 */
public final class Cors {

    /** The request headers a preflight of the ajax API or Kibo's read API allows (the visitor's header). */
    public static final String VISITOR_HEADERS = "content-type, x-ssasid";

    private Cors() {
    }

    /**
     * The filter: CORS headers for an origin some service allows, a 204 for its preflight (a 403 for any other
     * origin's), everything else passed on.
     *
     * @param allowHeaders the request headers a preflight allows, comma-separated
     */
    public static void filter(Anbefal anbefal, ServerRequest req, ServerResponse res, String allowHeaders) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        boolean preflight = req.prologue().method() == Method.OPTIONS;
        if (origin.isPresent()) {
            if (anbefal.services().anyAllows(origin.get())) {
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin.get());
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
                res.header(HeaderNames.VARY, "Origin");
            } else if (preflight) {
                throw new AnbefalException(AnbefalException.Kind.FORBIDDEN,
                        "origin " + origin.get() + " is not allowed by any service");
            }
        }
        if (preflight) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE, OPTIONS");
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, allowHeaders);
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        res.next();
    }

    /** 403 when the request comes from a browser origin the (found) service does not allow. */
    public static void checkOrigin(Anbefal anbefal, ServerRequest req, ServiceAccount account) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isPresent() && !anbefal.services().originAllowed(account, origin.get())) {
            throw new AnbefalException(AnbefalException.Kind.FORBIDDEN,
                    "origin " + origin.get() + " is not allowed for service '" + account.name() + "'");
        }
    }
}
