package io.anbefal.http.sannsyn;

import io.anbefal.http.TestServer.Response;
import io.anbefal.http.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The browser-side API over real HTTP: CORS, the ways a visitor is identified, linking, content types. */
class AjaxApiRoutingTest {

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(data, "web");
        server.server().anbefal().services().add("closed", "u", "p", List.of("https://elsewhere.test"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpRequest.Builder ajax(String path) {
        return server.request("/ajaxrecapi/1.0" + path).header("Origin", TestServer.ORIGIN);
    }

    private static Response post(HttpRequest.Builder b, String body) {
        return server.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static long updates(String service) {
        return server.get("/recapi/1.0/servicestatus/" + service).json().get("numUpdates").asLong();
    }

    private static final String BROWSE = """
            {"service":"web","updates":[{"entityIDs":["p1"],"what":"BROWSE"}]}""";

    @Test
    void preflightAllowsConfiguredOriginsWithCredentialsAndTheSsasidHeader() {
        Response ok = server.send(server.request("/ajaxrecapi/1.0/update").header("Origin", TestServer.ORIGIN)
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "x-ssasid")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, ok.status());
        assertEquals(TestServer.ORIGIN, ok.header("access-control-allow-origin"));
        assertEquals("true", ok.header("access-control-allow-credentials"));
        assertTrue(ok.header("access-control-allow-headers").contains("x-ssasid"));
        Response no = server.send(server.request("/ajaxrecapi/1.0/update").header("Origin", "https://evil.test")
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, no.status());
        assertFalse(no.json().get("statusOK").asBoolean());
        assertNull(no.header("access-control-allow-origin"));
    }

    @Test
    void anOriginNotAllowedForTheServiceIs403() {
        Response r = post(ajax("/update"), BROWSE.replace("\"web\"", "\"closed\"").replace("\"entityIDs\"", "\"customer\":\"x\",\"entityIDs\""));
        assertEquals(403, r.status(), r.toString());
        assertTrue(r.json().get("text").asText().contains("not allowed for service 'closed'"));
        Response evil = post(server.request("/ajaxrecapi/1.0/update").header("Origin", "https://evil.test").header("x-ssasid", "v"), BROWSE);
        assertEquals(403, evil.status(), evil.toString());
        assertNull(evil.header("access-control-allow-origin"));
    }

    @Test
    void theVisitorComesFromHeaderCookieBodyOrQuery() {
        long before = updates("web");
        Response header = post(ajax("/update").header("x-ssasid", "v-header"), BROWSE);
        assertEquals(200, header.status(), header.toString());
        assertEquals(TestServer.ORIGIN, header.header("access-control-allow-origin"));
        assertEquals("true", header.header("access-control-allow-credentials"));
        assertEquals(200, post(ajax("/update").header("Cookie", "ssasid=v-cookie"), BROWSE).status());
        assertEquals(200, post(ajax("/update").header("Content-Type", "text/plain;charset=UTF-8"),
                BROWSE.replace("{\"service\"", "{\"ssasid\":\"v-body\",\"service\"")).status());
        assertEquals(200, post(server.request("/ajaxrecapi/1.0/update?ssasid=v-query"), BROWSE).status());
        assertEquals(before + 4, updates("web"));
        Response none = post(ajax("/update").header("x-ssasid", "undefined"), BROWSE);
        assertEquals(400, none.status(), none.toString());
        assertTrue(none.json().get("text").asText().contains("updates[0].customer is missing"));
    }

    @Test
    void anUpdateNamingACustomerLinksTheVisitor() {
        Response r = post(ajax("/update").header("x-ssasid", "v-link"), """
                {"service":"web","updates":[{"customer":"customer-5","entityIDs":["p9"],"what":"PURCHASE"}]}""");
        assertEquals(200, r.status(), r.toString());
        assertEquals("customer-5", server.server().anbefal().linkedTo(server.server().anbefal().service("web"), "v-link"));
        Response anon = post(ajax("/update").header("x-ssasid", "v-anon"), """
                {"service":"web","updates":[{"customer":"anonymous","entityIDs":["p9"],"what":"BROWSE"}]}""");
        assertEquals(200, anon.status(), anon.toString());
        assertNull(server.server().anbefal().linkedTo(server.server().anbefal().service("web"), "v-anon"));
    }

    @Test
    void recommendWorksForTheVisitor() {
        post(ajax("/update").header("x-ssasid", "v-rec"), BROWSE);
        Response r = post(ajax("/recommend").header("x-ssasid", "v-rec"), """
                {"service":"web","recommender":"PopularRecommender","externalIds":["anonymous"],"num":2}""");
        assertEquals(200, r.status(), r.toString());
        assertEquals("PopularRecommender", r.json().get("origin").asText());
        assertTrue(r.json().get("result").size() <= 2);
        Response unknown = post(ajax("/recommend"), """
                {"service":"web","recommender":"Nope","externalIds":["a"]}""");
        assertEquals(404, unknown.status());
        assertEquals(TestServer.ORIGIN, unknown.header("access-control-allow-origin"), "errors are readable by the page");
    }

    @Test
    void errorsOfTheAjaxApi() {
        assertEquals(405, server.send(ajax("/update").GET().build()).status());
        assertEquals(415, post(ajax("/update").header("Content-Type", "multipart/form-data; boundary=x"), BROWSE).status());
        assertEquals(400, post(ajax("/update").header("x-ssasid", "v"), "not json").status());
        assertEquals(404, post(ajax("/update").header("x-ssasid", "v"), BROWSE.replace("\"web\"", "\"nosuch\"")).status());
        assertEquals(404, server.send(ajax("/nothing").GET().build()).status());
    }
}
