package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every curl and XHR example of the Sannsyn API 1.0 document (a copy of the seed in test resources),
 * bodies verbatim, against a running server. Only the placeholders {@code numberofrecs} and {@code number},
 * which are not JSON, are replaced by 5.
 */
class SeedExamplesTest {

    private static final Pattern CURL = Pattern.compile(
            "curl --user username:password --request POST '([^']+)' --data '([^']+)'");
    private static final Pattern SCRIPT = Pattern.compile("<script type=\"text/javascript\">(.*?)</script>", Pattern.DOTALL);
    private static final Pattern XHR_URL = Pattern.compile("xmlhttp\\.open\\(\"POST\", '([^']+)'\\)");
    private static final Pattern XHR_DATA = Pattern.compile("var data = '([^']+)'");
    private static final Pattern PLACEHOLDER = Pattern.compile(":\\s*(numberofrecs|number)\\b(?!\")");

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(data, "serviceid", "thedo", "shoeshop", "service");
        var app = server.server().anbefal();
        app.configure(app.service("serviceid"), "recommender.recommendername.type", "ProductForCustomerRecommender");
        app.configure(app.service("thedo"), "recommender.ArticleForSubscriberRecommender.type", "ProductForCustomerRecommender");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Example(String kind, String path, String body) {
    }

    static List<Example> examples() throws IOException {
        String seed;
        try (InputStream in = SeedExamplesTest.class.getResourceAsStream("/seeds/sannsyn-recommender-api-1.0.txt")) {
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Example> examples = new ArrayList<>();
        Matcher curl = CURL.matcher(seed);
        while (curl.find()) {
            examples.add(new Example("curl", URI.create(curl.group(1)).getPath(), curl.group(2)));
        }
        Matcher script = SCRIPT.matcher(seed);
        while (script.find()) {
            Matcher url = XHR_URL.matcher(script.group(1));
            Matcher body = XHR_DATA.matcher(script.group(1));
            if (url.find() && body.find()) {
                examples.add(new Example("xhr", URI.create(url.group(1)).getPath(), body.group(1)));
            }
        }
        return examples;
    }

    @TestFactory
    List<DynamicTest> everyExampleOfTheSeedWorks() throws IOException {
        List<Example> examples = examples();
        assertEquals(7, examples.stream().filter(e -> e.kind().equals("curl")).count(), "curl examples found in the seed");
        assertEquals(6, examples.stream().filter(e -> e.kind().equals("xhr")).count(), "XHR examples found in the seed");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            tests.add(DynamicTest.dynamicTest(i + " " + e.kind() + " " + e.path() + " " + e.body(), () -> run(e)));
        }
        return tests;
    }

    private void run(Example e) {
        String body = PLACEHOLDER.matcher(e.body()).replaceAll(": 5");
        HttpRequest.Builder request;
        if (e.kind().equals("curl")) {
            // exactly what curl --user --data sends
            request = server.authed(e.path()).header("Content-Type", "application/x-www-form-urlencoded");
        } else {
            // what the page's XHR sends: no content type set, so the browser sends text/plain; plus the header
            request = server.request(e.path()).header("Origin", TestServer.ORIGIN)
                    .header("Content-Type", "text/plain;charset=UTF-8").header("x-ssasid", "visitor-of-the-seed");
        }
        Response r = server.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, r.status(), r.toString());
        JsonNode json = r.json();
        if (e.path().endsWith("/update")) {
            assertEquals("Message transmitted", json.get("text").asText());
            assertTrue(json.get("statusOK").asBoolean());
        } else {
            assertTrue(json.get("result").isArray(), r.toString());
            assertTrue(json.get("origin").isTextual(), r.toString());
        }
    }
}
