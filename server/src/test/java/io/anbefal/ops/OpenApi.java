package io.anbefal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.Payloads;
import io.anbefal.http.TestServer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The OpenAPI document as a server serves it at /openapi, and small readers of it for the tests. */
record OpenApi(JsonNode doc) {

    static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    static OpenApi of(TestServer server) {
        TestServer.Response r = server.send(server.request("/openapi").header("Accept", "application/json").GET().build());
        assertEquals(200, r.status(), r.body());
        try {
            return new OpenApi(Payloads.JSON.readTree(r.body()));
        } catch (java.io.IOException e) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("target/openapi-not-json.txt"), r.body());
            } catch (java.io.IOException ignored) {
                // only for the message
            }
            throw new AssertionError("/openapi is not JSON (target/openapi-not-json.txt): " + e.getMessage(), e);
        }
    }

    /** One operation: its path and method, and its node. */
    record Operation(String path, String method, JsonNode node) {
        @Override
        public String toString() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
        }
    }

    List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            for (String m : METHODS) {
                if (p.getValue().has(m)) {
                    ops.add(new Operation(p.getKey(), m, p.getValue().get(m)));
                }
            }
        }
        return ops;
    }

    /** The node, or the node its {@code $ref} points to (local references only). */
    JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new AssertionError("not a local reference: " + ref);
            }
            node = doc.at(ref.substring(1));
        }
        return node;
    }

    List<JsonNode> parameters(Operation op) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : op.node().path("parameters")) {
            out.add(resolve(p));
        }
        return out;
    }

    /** The names of the examples an operation sends, in order of appearance. */
    Set<String> requestExamples(Operation op) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode p : parameters(op)) {
            p.path("examples").fieldNames().forEachRemaining(names::add);
        }
        for (JsonNode media : resolve(op.node().path("requestBody")).path("content")) {
            media.path("examples").fieldNames().forEachRemaining(names::add);
        }
        op.node().path("x-examples").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** A response example: the status, media type and example node. */
    record Answer(String name, int status, String mediaType, JsonNode example) {
    }

    List<Answer> responseExamples(Operation op) {
        List<Answer> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = op.node().path("responses").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            JsonNode response = resolve(r.getValue());
            for (Iterator<Map.Entry<String, JsonNode>> media = response.path("content").fields(); media.hasNext(); ) {
                Map.Entry<String, JsonNode> m = media.next();
                for (Iterator<Map.Entry<String, JsonNode>> ex = m.getValue().path("examples").fields(); ex.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = ex.next();
                    out.add(new Answer(e.getKey(), Integer.parseInt(r.getKey()), m.getKey(), e.getValue()));
                }
            }
        }
        return out;
    }
}
