package io.anbefal.http.miso;

import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.http.Cors;
import io.anbefal.http.Http;
import io.anbefal.store.ServiceAccount;
import io.anbefal.tenant.Services;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who calls a {@code /v1} operation: the service whose API key the request carries ({@code api_key} parameter or
 * {@code X-API-KEY}), and whether that key is the publishable one (a browser's) or the secret one (the shop's
 * server). Resolved once per request by {@link #filter}, the first handler of every operation route, and kept in
 * the request's context for the operation ({@link #of}); {@code POST /v1/bulk} hands the same caller to each call.
 *
 * @param account     the key's service, found once
 * @param publishable whether the key is the service's publishable key
 */
public record MisoCaller(ServiceAccount account, boolean publishable) {

    /** The caller's service name. */
    public String service() {
        return account.name();
    }

    /**
     * The filter: the key's owner (401 {@code invalid api key.} for none or a wrong one), its service, and the
     * request's browser origin checked against that service's origins (403), registered in the request's context.
     */
    static Handler filter(Anbefal anbefal) {
        return (req, res) -> {
            String key = req.query().first("api_key").orElseGet(() -> req.headers().first(MisoHttp.X_API_KEY).orElse(null));
            Services.KeyOwner owner = anbefal.services().ownerOfKey(key, Http.client(req)).orElseThrow(
                    () -> new AnbefalException(AnbefalException.Kind.UNAUTHENTICATED, "invalid api key."));
            ServiceAccount account = anbefal.service(owner.service());
            Cors.checkOrigin(anbefal, req, account);
            req.context().register(new MisoCaller(account, owner.publishable()));
            res.next();
        };
    }

    /** The request's caller, as {@link #filter} registered it. */
    static MisoCaller of(ServerRequest req) {
        return req.context().get(MisoCaller.class).orElseThrow(
                () -> new IllegalStateException("no /v1 caller: the route has no MisoCaller.filter"));
    }

    /** The caller's service, which must be the secret key's: a publishable key is a 403 naming {@code what}. */
    String secret(String what) {
        if (publishable) {
            throw new AnbefalException(AnbefalException.Kind.FORBIDDEN,
                    "a publishable key cannot " + what + ": use the secret API key, from the shop's server");
        }
        return service();
    }
}
