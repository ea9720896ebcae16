package io.anbefal.ops;

import io.anbefal.http.Routes;
import io.anbefal.http.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document served at /openapi describes every route the API's routing registers (read from the wiring
 * by {@link RouteTable}), and nothing that is not served; /docs/index.html renders it with files served here.
 */
class OpenApiRoutesTest {

    @TempDir
    Path dir;

    /** The operator's routes, which Helidon's features serve beside the API's routing. */
    private static final Set<String> OPERATOR = Set.of("GET /observe/health/live", "GET /observe/health/ready",
            "GET /observe/metrics");
    /** The operator's dashboard: a page and its scripts for a person's browser, not API (docs/operations.md). */
    private static final Set<String> PAGES = Set.of("GET /admin", "GET /admin/admin.js", "GET /admin/chart.umd.js");

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
        try (TestServer server = new TestServer(dir)) {
            OpenApi api = OpenApi.of(server);
            assertTrue(api.doc().get("openapi").asText().startsWith("3.1"), api.doc().get("openapi").toString());
            RouteTable table = RouteTable.of(r -> Routes.api(r, server.server().anbefal(), 1 << 20));
            assertTrue(table.routes().size() > 20, table.routes().toString());
            Set<String> documented = api.operations().stream().map(OpenApi.Operation::toString).collect(Collectors.toSet());
            List<String> missing = new ArrayList<>();
            for (RouteTable.Route r : table.routes()) {
                if (!PAGES.contains(r.toString())
                        && api.operations().stream().noneMatch(op -> r.serves(op.method().toUpperCase(Locale.ROOT), op.path()))) {
                    missing.add(r.toString());
                }
            }
            assertEquals(List.of(), missing, "routes missing from the OpenAPI document");
            Set<String> served = table.routes().stream().map(RouteTable.Route::toString).collect(Collectors.toSet());
            List<String> extra = new ArrayList<>();
            for (String op : documented) {
                String method = op.substring(0, op.indexOf(' '));
                String path = op.substring(op.indexOf(' ') + 1);
                if (table.routes().stream().noneMatch(r -> r.serves(method, path)) && !OPERATOR.contains(op)) {
                    extra.add(op);
                }
            }
            assertEquals(List.of(), extra, "documented routes that the routing does not register");
            for (OpenApi.Operation op : api.operations()) {
                assertTrue(op.node().has("summary"), op + " has no summary");
                assertTrue(op.node().has("responses"), op + " has no responses");
            }
        }
    }

    @Test
    void theRouteTableSeesARouteAddedToAService() {
        RouteTable table = RouteTable.of(r -> r.register("/x", rules -> rules.get("/a/{id}", (q, s) -> { })
                .post("/b", (q, s) -> { }).any("/b", (q, s) -> { })).get("/c", (q, s) -> { }));
        assertEquals(List.of(new RouteTable.Route("GET", "/x/a/{id}"), new RouteTable.Route("POST", "/x/b"),
                new RouteTable.Route("GET", "/c")), table.routes());
        assertEquals("/x/a/{id}", table.match("GET", "/x/a/42"));
        assertEquals("other", table.match("DELETE", "/x/a/42"));
        assertEquals("other", table.match("GET", "/x/a/42/more"));
    }

    @Test
    void theDocumentationPageIsServedWithItsViewer() {
        try (TestServer server = new TestServer(dir)) {
            TestServer.Response page = server.send(server.request("/docs/index.html").GET().build());
            assertEquals(200, page.status());
            assertTrue(page.header("Content-Type").startsWith("text/html"));
            assertTrue(page.body().contains("swagger-ui/swagger-ui-bundle.js") && page.body().contains("../openapi"), page.body());
            assertTrue(!page.body().contains("//cdn") && !page.body().contains("https://"), "no CDN");
            for (String asset : List.of("swagger-ui-bundle.js", "swagger-ui.css")) {
                TestServer.Response r = server.send(server.request("/docs/swagger-ui/" + asset).GET().build());
                assertEquals(200, r.status(), asset);
                assertTrue(r.body().length() > 10_000, asset);
            }
            assertEquals(404, server.send(server.request("/docs/swagger-ui/../../etc/passwd").GET().build()).status());
            assertEquals(404, server.send(server.request("/docs/swagger-ui/index.html").GET().build()).status());
            TestServer.Response yaml = server.send(server.request("/openapi").header("Accept", "application/yaml").GET().build());
            assertEquals(200, yaml.status());
            assertTrue(yaml.body().contains("openapi: 3.1") || yaml.body().contains("openapi: \"3.1"), yaml.body().substring(0, 100));
            String lower = page.body().toLowerCase(Locale.ROOT);
            assertTrue(lower.contains("<title>anbefal api</title>"));
        }
    }
}
