package io.anbefal.http.miso;

import io.anbefal.app.Anbefal;
import io.anbefal.http.Routes;
import io.anbefal.store.ServiceAccount;
import io.anbefal.tenant.Services;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/interactions}: up to 10,000 Miso interaction records, stored whole or not at all, answered once
 * they are committed (the same group commit as {@code /recapi/1.0/update}).
 */
public final class InteractionsService implements HttpService {

    private final Anbefal anbefal;
    private final long maxBody;

    public InteractionsService(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.maxBody = MisoHttp.dataLimit(maxBody);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any((req, res) -> MisoHttp.cors(anbefal, req, res))
                .post("/", this::interactions)
                .any("/", Routes.allow("POST"));
    }

    private void interactions(ServerRequest req, ServerResponse res) {
        Services.KeyOwner caller = MisoHttp.caller(anbefal, req);
        String service = caller.service();
        var body = MisoHttp.object(req, maxBody);
        ServiceAccount account = anbefal.requireService(service);
        MisoPayloads.Interactions parsed = new MisoPayloads().interactions(body, account.settings());
        // a record with both ids links the anonymous history to the user: with the secret key (the shop's server
        // vouches for the user), and with a publishable key as the browser trust model allows
        int stored = caller.publishable()
                ? anbefal.trust().interactions(service, parsed.updates(), parsed.visitors(), parsed.hashes())
                : anbefal.update(service, parsed.updates(), parsed.visitors(), true);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("records", parsed.updates().size());
        data.put("stored", stored);
        MisoHttp.success(res, data);
    }
}
