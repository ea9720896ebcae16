package io.anbefal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.Payloads;
import io.anbefal.http.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sends every example of the OpenAPI document (as /openapi serves it) to a real server, in the document's order,
 * and checks the documented status and the documented shape: every field of a documented JSON answer is in the
 * real one, with the same JSON type, recursively (values differ: ids, times, scores). An example names its
 * request by the names of its parameters' and body's examples (or {@code x-examples}); its answer is the
 * response example of that name. {@code x-credentials: none|wrong} on an example sends no or wrong credentials.
 */
class OpenApiExamplesTest {

    static final String SERVICE = "shoeshop";
    static final String API_KEY = "shoeshop-0123456789abcdefghij";

    @TempDir
    Path dir;

    @Test
    void everyExampleAnswersAsDocumented() {
        try (TestServer server = new TestServer(dir, SERVICE)) {
            server.server().anbefal().services().setApiKey(SERVICE, API_KEY);
            OpenApi api = OpenApi.of(server);
            List<String> failures = new ArrayList<>();
            int sent = 0;
            Set<String> answered = new HashSet<>();
            Set<String> documented = new java.util.TreeSet<>();
            for (OpenApi.Operation op : api.operations()) {
                List<OpenApi.Answer> answers = api.responseExamples(op);
                answers.forEach(a -> documented.add(a.name()));
                for (String name : api.requestExamples(op)) {
                    OpenApi.Answer answer = answers.stream().filter(a -> a.name().equals(name)).findFirst()
                            .orElseThrow(() -> new AssertionError(op + ": example " + name + " has no documented answer"));
                    answered.add(name);
                    TestServer.Response r = server.send(request(server, api, op, name));
                    sent++;
                    String problem = check(answer, r);
                    if (problem != null) {
                        failures.add(op + " " + name + ": " + problem);
                    }
                }
            }
            documented.removeAll(answered);
            documented.forEach(name -> failures.add("the answer example " + name + " is never requested"));
            assertEquals(List.of(), failures);
            assertTrue(sent >= 40, "examples sent: " + sent);
        }
    }

    private static HttpRequest request(TestServer server, OpenApi api, OpenApi.Operation op, String name) {
        String path = op.path();
        StringBuilder query = new StringBuilder();
        HttpRequest.Builder b = HttpRequest.newBuilder();
        JsonNode credentials = null;
        for (JsonNode p : api.parameters(op)) {
            JsonNode ex = p.path("examples").get(name);
            if (ex == null) {
                continue;
            }
            credentials = ex.has("x-credentials") ? ex.get("x-credentials") : credentials;
            String value = ex.get("value").asText();
            switch (p.get("in").asText()) {
                case "path" -> path = path.replace("{" + p.get("name").asText() + "}", URLEncoder.encode(value, StandardCharsets.UTF_8));
                case "query" -> query.append(query.isEmpty() ? "?" : "&").append(p.get("name").asText()).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                case "header" -> b.header(p.get("name").asText(), value);
                default -> throw new AssertionError("parameter in " + p.get("in"));
            }
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        for (Iterator<Map.Entry<String, JsonNode>> it = api.resolve(op.node().path("requestBody")).path("content").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> media = it.next();
            JsonNode ex = media.getValue().path("examples").get(name);
            if (ex != null) {
                credentials = ex.has("x-credentials") ? ex.get("x-credentials") : credentials;
                JsonNode value = ex.get("value");
                String text = value.isTextual() ? value.asText() : value.toString();
                b.header("Content-Type", media.getKey());
                body = HttpRequest.BodyPublishers.ofString(text);
            }
        }
        String scheme = op.node().path("security").path(0).fieldNames().hasNext()
                ? op.node().path("security").path(0).fieldNames().next() : "";
        String mode = credentials == null ? "" : credentials.asText();
        if (!mode.equals("none")) {
            String password = mode.equals("wrong") ? "wrong-password" : TestServer.PASSWORD;
            switch (scheme) {
                case "basicAuth" -> b.header("Authorization", TestServer.basic(TestServer.USER, password));
                case "apiKey" -> b.header("X-API-KEY", mode.equals("wrong") ? API_KEY + "x" : API_KEY);
                default -> {
                }
            }
        }
        return b.uri(java.net.URI.create(server.url(path + query))).method(op.method().toUpperCase(java.util.Locale.ROOT), body).build();
    }

    /** What is wrong with a real answer against the documented one, or null. */
    private static String check(OpenApi.Answer documented, TestServer.Response r) {
        if (r.status() != documented.status()) {
            return "status " + r.status() + ", documented " + documented.status() + ": " + r.body();
        }
        String type = r.header("Content-Type");
        String media = documented.mediaType();
        if (type == null || !type.startsWith(media.equals("application/javascript") ? "" : media)) {
            if (!(media.equals("application/javascript") && type != null && type.contains("javascript"))) {
                return "content type " + type + ", documented " + media;
            }
        }
        if (!media.equals("application/json")) {
            return r.body().isEmpty() ? "empty body" : null;
        }
        JsonNode actual;
        try {
            actual = Payloads.JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            return "not JSON: " + r.body();
        }
        List<String> problems = new ArrayList<>();
        shape("", documented.example().get("value"), actual, problems);
        return problems.isEmpty() ? null : problems + " in " + r.body();
    }

    static void shape(String at, JsonNode documented, JsonNode actual, List<String> problems) {
        if (documented.isNull()) {
            return;
        }
        if (actual == null || actual.isMissingNode()) {
            problems.add(at + " is missing");
            return;
        }
        if (documented.isNumber() ? !actual.isNumber() : documented.getNodeType() != actual.getNodeType()) {
            problems.add(at + " is " + actual.getNodeType() + ", documented " + documented.getNodeType());
            return;
        }
        if (documented.isObject()) {
            documented.fieldNames().forEachRemaining(f -> shape(at + "." + f, documented.get(f), actual.get(f), problems));
        } else if (documented.isArray() && !documented.isEmpty()) {
            if (actual.isEmpty()) {
                problems.add(at + " is empty, documented with items");
            } else {
                shape(at + "[0]", documented.get(0), actual.get(0), problems);
            }
        }
    }
}
