package io.anbefal.http;

import io.anbefal.app.Anbefal;
import io.anbefal.store.ServiceAccount;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who calls a browser API (the ajax API and the crec identify call, Kibo's read API): the service the request
 * names, found once (404 for an unknown one) and checked against the request's browser origin ({@link Cors}, 403),
 * and the visitor the request carries, by the dialect's own rule. Resolved once per request by the dialect's
 * filter and kept in the request's context ({@link #of}). In whose name it may act is then the browser trust
 * model's decision ({@link io.anbefal.app.BrowserTrust}).
 *
 * @param account the service
 * @param visitor the visitor id the request carries, or null
 */
public record BrowserCaller(ServiceAccount account, String visitor) {

    /** The service's name. */
    public String service() {
        return account.name();
    }

    /** Finds {@code service}, checks the request's origin against it, and registers the caller in the request. */
    public static BrowserCaller resolve(Anbefal anbefal, ServerRequest req, String service, String visitor) {
        ServiceAccount account = anbefal.service(service);
        Cors.checkOrigin(anbefal, req, account);
        BrowserCaller caller = new BrowserCaller(account, visitor);
        req.context().register(caller);
        return caller;
    }

    /** The request's caller, as its dialect's filter registered it. */
    public static BrowserCaller of(ServerRequest req) {
        return req.context().get(BrowserCaller.class).orElseThrow(
                () -> new IllegalStateException("no browser caller: the route has no caller filter"));
    }
}
