package io.anbefal.http.miso;

import io.anbefal.http.Http;
import io.anbefal.app.Anbefal;
import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Store;
import io.anbefal.tenant.CustomerSignatures;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/interactions}: up to 10,000 Miso interaction records, stored whole or not at all, answered once
 * they are committed (the same group commit as {@code /recapi/1.0/update}); {@code DELETE /v1/interactions}: the
 * erasure of persons.
 */
public final class InteractionsService implements HttpService {

    private final Anbefal anbefal;
    private final long maxBody;

    public InteractionsService(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.maxBody = MisoHttp.dataLimit(maxBody);
    }

    /** The operations by their bulk name. */
    void operations(Map<String, MisoHttp.Operation> out) {
        out.put("interactions/upload", this::interactions);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", MisoHttp.handler(anbefal, maxBody, this::interactions))
                .delete("/", MisoHttp.handler(anbefal, maxBody, this::erase))
                .any("/", Http.allow("POST, DELETE"));
    }

    private Map<String, Object> interactions(MisoCaller caller, JsonNode body) {
        String service = caller.service();
        ServiceAccount account = caller.account();
        MisoInteractions parsed = MisoInteractions.parse(body, account.settings());
        // a record with both ids links the anonymous history to the user: with the secret key (the shop's server
        // vouches for the user), and with a publishable key as the browser trust model allows
        int stored = caller.publishable()
                ? anbefal.trust().interactions(account, parsed.updates(), parsed.visitors(), parsed.hashes())
                : anbefal.update(account, parsed.updates(), parsed.visitors(), true);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("records", parsed.updates().size());
        data.put("stored", stored);
        return MisoHttp.answer(data);
    }

    /**
     * {@code DELETE /v1/interactions {"user_ids": [...], "anonymous_ids": [...]}}: the right to be forgotten. Every
     * interaction of those persons, and of the ids linked to them, is erased ({@link Anbefal#erase}).
     */
    private Map<String, Object> erase(MisoCaller caller, JsonNode body) {
        String service = caller.secret("delete interactions");
        MisoPayloads p = new MisoPayloads();
        List<String> users = p.erasureIds(body, "user_ids", false);
        List<String> anonymous = p.erasureIds(body, "anonymous_ids", true);
        if (MisoPayloads.absent(body, "user_ids") && MisoPayloads.absent(body, "anonymous_ids")) {
            p.problem("user_ids is required: an array of user ids (or anonymous_ids) is expected");
        } else if (noIds(body, "user_ids") && noIds(body, "anonymous_ids")) {
            p.problem("user_ids is invalid: user_ids and anonymous_ids are both empty; name at least one id to erase");
        } else if (users.size() + anonymous.size() > MisoPayloads.MAX_RECORDS) {
            p.problem("user_ids is invalid: at most " + MisoPayloads.MAX_RECORDS + " ids per request");
        }
        p.check();
        Store.Erasure erased = anbefal.erase(caller.account(), users, anonymous);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ids", erased.persons().size());
        data.put("interactions", erased.updates());
        return MisoHttp.answer(data);
    }

    /** Whether the field names no ids: absent, null or an empty array. */
    private static boolean noIds(JsonNode body, String name) {
        return MisoPayloads.absent(body, name) || body.get(name).isArray() && body.get(name).isEmpty();
    }
}
