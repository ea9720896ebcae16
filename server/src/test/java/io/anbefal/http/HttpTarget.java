package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anbefal.engine.Event;
import io.anbefal.eval.Target;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An evaluation target as a shop's back end sees the service: updates and recommendations over the server-side
 * API of a running server.
 *
 * @param server  the running server
 * @param service the service to feed and ask
 */
public record HttpTarget(TestServer server, String service) implements Target {
    @Override
    public void update(List<Event> events) {
        ObjectNode body = Payloads.JSON.createObjectNode().put("service", service);
        ArrayNode updates = body.putArray("updates");
        for (Event e : events) {
            ObjectNode u = updates.addObject().put("customer", e.person()).put("what", e.what())
                    .put("time", e.timeMillis() / 1000.0);
            e.entities().forEach(u.putArray("entityIDs")::add);
        }
        var r = server.post("/recapi/1.0/update", body.toString());
        assertEquals(200, r.status(), r.toString());
    }

    @Override
    public List<String> recommend(String recommender, List<String> externalIds, List<String> tags, int num) {
        ObjectNode body = Payloads.JSON.createObjectNode().put("service", service)
                .put("recommender", recommender).put("num", num);
        externalIds.forEach(body.putArray("externalIds")::add);
        tags.forEach(body.putArray("tags")::add);
        var r = server.post("/recapi/1.0/recommend", body.toString());
        assertEquals(200, r.status(), r.toString());
        List<String> ids = new ArrayList<>();
        for (JsonNode id : r.json().get("result")) {
            ids.add(id.asText());
        }
        return ids;
    }
}
