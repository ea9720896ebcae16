package io.anbefal.http;

import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.app.AnbefalException.Kind;
import io.helidon.webserver.http.ServerRequest;

import java.util.Set;

/**
 * The 1.0 API's caller (and the dashboard's): HTTP basic auth of a service's users, checked once per request and
 * kept in the request's context, then held against each service the request names. 401 without or with wrong
 * credentials (the password checks' 429 past their bounds), 404 for an unknown service, 403 for valid
 * credentials of another service.
 */
public final class BasicAuth {

    /** The services a request's credentials open, as registered in its context. */
    private record Granted(Set<String> services) {
    }

    private BasicAuth() {
    }

    /** The services the request's credentials open (never empty), checking them at most once per request. */
    public static Set<String> services(Anbefal anbefal, ServerRequest req) {
        var known = req.context().get(Granted.class);
        if (known.isPresent()) {
            return known.get().services();
        }
        String[] credentials = Http.basicAuth(req);
        if (credentials == null) {
            throw new AnbefalException(Kind.UNAUTHENTICATED, "authentication required: use HTTP basic auth");
        }
        Set<String> services = anbefal.services().authenticate(credentials[0], credentials[1], Http.client(req));
        if (services.isEmpty()) {
            throw new AnbefalException(Kind.UNAUTHENTICATED, "wrong user name or password");
        }
        req.context().register(new Granted(Set.copyOf(services)));
        return services;
    }

    /** Requires the request's credentials to open {@code service}. */
    public static void authorize(Anbefal anbefal, ServerRequest req, String service) {
        if (!services(anbefal, req).contains(service)) {
            anbefal.service(service);
            throw new AnbefalException(Kind.FORBIDDEN, "these credentials give no access to service '" + service + "'");
        }
    }
}
