package io.anbefal.http.miso;

import io.anbefal.app.Anbefal;
import io.anbefal.http.Routes;
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
        rules.post("/", this::interactions)
                .any("/", Routes.allow("POST"));
    }

    private void interactions(ServerRequest req, ServerResponse res) {
        String service = MisoHttp.service(anbefal, req);
        var body = MisoHttp.object(req, maxBody);
        MisoPayloads.Interactions parsed = new MisoPayloads().interactions(body,
                anbefal.requireService(service).settings());
        // the API key is the shop's server-side secret: a record with both ids links the anonymous history
        int stored = anbefal.update(service, parsed.updates(), parsed.visitors(), true);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("records", parsed.updates().size());
        data.put("stored", stored);
        MisoHttp.success(res, data);
    }
}
