package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Lengths;
import io.anbefal.app.Update;
import io.anbefal.miso.InteractionTypes;
import io.anbefal.miso.Miso;
import io.anbefal.store.Limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The records of {@code POST /v1/interactions} (up to {@link MisoPayloads#MAX_RECORDS}) as updates, each with its
 * visitor ({@code anonymous_id}) or null and its {@code user_hash} or null; all valid, or a 422 naming every
 * problem.
 */
record MisoInteractions(List<Update> updates, List<String> visitors, List<String> hashes) {

    /**
     * The records of {@code body} (each problem collected, all of them answered in one 422), their types mapped to
     * the service's {@code what}s by its {@code settings}.
     */
    static MisoInteractions parse(JsonNode body, Map<String, String> settings) {
        MisoPayloads p = new MisoPayloads();
        JsonNode data = p.records(body);
        List<Update> updates = new ArrayList<>();
        List<String> visitors = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; data != null && i < data.size(); i++) {
            String at = "data." + i;
            JsonNode r = data.get(i);
            if (!r.isObject()) {
                p.problem(at + " is invalid: an object is expected");
                continue;
            }
            int before = p.problems();
            String type = p.string(r, "type", at, true, 100);
            if (type != null && !InteractionTypes.known(type)) {
                p.problem(at + ".type is invalid: '" + type + "' is not an interaction type");
            }
            String user = p.string(r, "user_id", at, false, Limits.PERSON);
            String anonymous = p.anonymousId(r, at);
            String hash = p.string(r, "user_hash", at, false, 200);
            if (MisoPayloads.absent(r, "user_id") && MisoPayloads.absent(r, "anonymous_id")) {
                p.problem(at + ".user_id is required: give user_id or anonymous_id");
            }
            List<String> products = p.strings(r, "product_ids", at);
            if (!Lengths.fitsAsJson(products)) {
                p.problem(at + ".product_ids is invalid: longer than " + Limits.ID_LIST_JSON + " characters in all, as stored");
            }
            p.strings(r, "product_group_ids", at);
            Long time = timestamp(p, r, at);
            String custom = p.string(r, "custom_action_name", at, "custom".equals(type), 90);
            Double rating = p.number(r, "rating", at, 0, 5);
            p.number(r, "revenue", at, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            p.number(r, "duration", at, 0, Double.POSITIVE_INFINITY);
            Integer quantity = quantities(p, r, at);
            String misoId = p.string(r, "miso_id", at, false, 500);
            if (p.problems() > before) {
                continue;
            }
            Double boost = "rate".equals(type) && rating != null ? rating / 2.5 : null;
            updates.add(new Update(user, products, InteractionTypes.what(type, custom, settings), null,
                    Miso.originOf(misoId), List.of(), time, boost, quantity, null));
            visitors.add(anonymous);
            hashes.add(hash);
        }
        p.check();
        return new MisoInteractions(updates, visitors, hashes);
    }

    /**
     * An ISO-8601 date-time: {@code 2021-08-24T14:15:22Z}, with an offset, fractions of a second, or without a
     * zone (then UTC). Unicode dashes (en dash, em dash, minus sign, ...) stand for '-': text that went through a
     * word processor (the seed's {@code 2021–08–24T14:15:22Z}) is read as meant.
     */
    private static Long timestamp(MisoPayloads p, JsonNode r, String at) {
        return p.date(r, at, "timestamp");
    }

    private static Integer quantities(MisoPayloads p, JsonNode r, String at) {
        JsonNode v = r.get("quantities");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            p.problem(at + ".quantities is invalid: an array of non-negative integers is expected");
            return null;
        }
        long sum = 0;
        for (int k = 0; k < v.size(); k++) {
            JsonNode q = v.get(k);
            if (!q.isIntegralNumber() || q.asLong() < 0 || q.asLong() > Integer.MAX_VALUE) {
                p.problem(at + ".quantities." + k + " is invalid: a non-negative integer is expected");
                return null;
            }
            sum += q.asLong();
        }
        return (int) Math.min(Integer.MAX_VALUE, sum);
    }
}
