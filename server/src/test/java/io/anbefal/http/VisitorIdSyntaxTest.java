package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.VisitorIds;
import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Visitor ids have one syntax ({@link VisitorIds}) wherever they enter: the x-ssasid header, the ssasid cookie and
 * query parameter, the ssasid and alias fields of identify and updates, Kibo's bn_u cookie, Miso's
 * anonymous_id. Anything else is a 4xx JSON error naming where it came from, changes nothing, and never reaches a
 * {@code Set-Cookie} header. The CRLF and NUL cases go over a raw socket so that no client library cleans them up.
 */
class VisitorIdSyntaxTest {

    private static final String PUBLISHABLE = "pub-key-0123456789abcdefghij";
    private static final String BROWSE = "{\"service\":\"shop\",\"updates\":[{\"entityIDs\":[\"a\"],\"what\":\"BROWSE\"}]}";

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(data, "shop");
        server.server().anbefal().services().setPublishableKey("shop", PUBLISHABLE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theIdsTheServerAndTheSeedsMakeAreVisitorIds() {
        for (int i = 0; i < 100; i++) {
            String id = server.server().anbefal().trust().newVisitor();
            assertTrue(VisitorIds.valid(id), id);
        }
        for (String id : List.of("visitor-of-the-seed", "v-cookie", "local-1", "6924170156614971576",
                UUID.randomUUID().toString(), "a.b_c-D", "x".repeat(VisitorIds.MAX_LENGTH))) {
            assertTrue(VisitorIds.valid(id), id);
        }
        for (String id : List.of("", "a b", "a;b", "v1; Domain=evil.example", "a\r\nb", "a\u0000b", "a\"b", "a,b",
                "å", "x".repeat(VisitorIds.MAX_LENGTH + 1))) {
            assertFalse(VisitorIds.valid(id), id);
        }
    }

    @Test
    void identifyRefusesAnIdThatWouldInjectCookieAttributes() {
        long before = updates();
        Response r = identify("{\"service\":\"shop\",\"ssasid\":\"v1; Domain=evil.example; Max-Age=0\"}");
        assertError(400, r, "ssasid");
        assertEquals(null, r.header("set-cookie"), "no cookie is set from a bad id");
        assertError(400, identify("{\"service\":\"shop\",\"ssasid\":\"ok-1\",\"alias\":\"c1; Path=/x\"}"), "alias");
        assertError(400, identify("{\"service\":\"shop\",\"ssasid\":12}"), "ssasid");
        assertEquals(null, server.server().anbefal().linkedTo(server.server().anbefal().service("shop"), "c1; Path=/x"));
        assertEquals(before, updates());

        Response ok = identify("{\"service\":\"shop\",\"ssasid\":\"ok-1\",\"alias\":\"undefined\"}");
        assertEquals(200, ok.status(), ok.toString());
        assertTrue(ok.header("set-cookie").startsWith("ssasid=ok-1;"), ok.header("set-cookie"));
    }

    @Test
    void crlfAndNulInIdentifyAre400sNot500s() throws IOException {
        for (String id : List.of("a\\r\\nSet-Cookie: evil=1", "a\\u0000b", "a\\nb", "\\u0085x")) {
            String body = "{\"service\":\"shop\",\"ssasid\":\"" + id + "\"}";
            Raw r = raw("POST /ajaxrecapi/1.0/identify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n"
                    + body);
            assertEquals(400, r.status(), id + " -> " + r);
            assertTrue(r.json().get("text").asText().contains("ssasid"), r.toString());
            assertFalse(r.headers().containsKey("set-cookie"), r.toString());
        }
    }

    @Test
    void everyWayIntoTheAjaxApiIsChecked() {
        long before = updates();
        Map<HttpRequest.Builder, String> cases = new LinkedHashMap<>();
        cases.put(ajax("/update").header("x-ssasid", "a;b"), "x-ssasid header");
        cases.put(ajax("/update").header("x-ssasid", "x".repeat(65)), "x-ssasid header");
        cases.put(ajax("/update").header("Cookie", "ssasid=a%3Bb"), "ssasid cookie");
        cases.put(server.request("/ajaxrecapi/1.0/update?ssasid=a%3B%20Domain%3Devil"), "ssasid query parameter");
        cases.forEach((request, named) -> assertError(400, server.send(request.POST(
                HttpRequest.BodyPublishers.ofString(BROWSE)).build()), named));
        assertError(400, post(ajax("/update"), BROWSE.replace("{\"service\"", "{\"ssasid\":\"a b\",\"service\"")), "ssasid");
        assertError(400, post(ajax("/update"), BROWSE.replace("{\"service\"", "{\"ssasid\":[\"v\"],\"service\"")), "ssasid");
        assertError(400, post(ajax("/recommend").header("x-ssasid", "a\"b"),
                "{\"service\":\"shop\",\"recommender\":\"ItemToItemRecommender\",\"externalIds\":[\"a\"],\"num\":3}"),
                "x-ssasid header");
        assertEquals(before, updates(), "nothing stored from a refused request");

        String uuid = UUID.randomUUID().toString();
        assertEquals(200, post(ajax("/update").header("x-ssasid", uuid), BROWSE).status());
        assertEquals(200, post(ajax("/update").header("x-ssasid", "null").header("Cookie", "ssasid=" + uuid), BROWSE).status());
        assertEquals(before + 2, updates());
    }

    @Test
    void crlfAndNulInTheQueryHeaderOrCookieAre400sNot500s() throws IOException {
        long before = updates();
        int length = BROWSE.getBytes(StandardCharsets.UTF_8).length;
        List<String> heads = new ArrayList<>();
        heads.add("POST /ajaxrecapi/1.0/update?ssasid=a%0D%0ASet-Cookie:%20evil=1 HTTP/1.1\r\n");
        heads.add("POST /ajaxrecapi/1.0/update?ssasid=a%00b HTTP/1.1\r\n");
        heads.add("POST /ajaxrecapi/1.0/update?ssasid=%0A HTTP/1.1\r\n");
        heads.add("POST /ajaxrecapi/1.0/update HTTP/1.1\r\nCookie: ssasid=a%0D%0Ab\r\n");
        heads.add("POST /ajaxrecapi/1.0/update HTTP/1.1\r\nx-ssasid: a%00b\r\n");
        for (String head : heads) {
            Raw r = raw(head + "Host: x\r\nOrigin: " + TestServer.ORIGIN + "\r\nContent-Length: " + length
                    + "\r\nConnection: close\r\n\r\n" + BROWSE);
            assertEquals(400, r.status(), head + " -> " + r);
            assertTrue(r.json().get("text").asText().contains("ssasid"), r.toString());
        }
        assertEquals(before, updates());
    }

    @Test
    void aCrecCookieThatIsNoVisitorIdIsReplacedByANewOne() throws IOException {
        Raw r = raw("GET /ajaxrecapi/1.0/crec?service=shop HTTP/1.1\r\nHost: x\r\nCookie: ssasid=\"a;b\"\r\n"
                + "Connection: close\r\n\r\n");
        if (r.status() == 404) {
            return; // the crec script is not built (client-sdk); CrecServiceTest skips likewise
        }
        assertEquals(200, r.status(), r.toString());
        String cookie = r.headers().get("set-cookie");
        assertNotNull(cookie, r.toString());
        String id = cookie.substring("ssasid=".length(), cookie.indexOf(';'));
        assertTrue(VisitorIds.valid(id), cookie);
    }

    @Test
    void kiboBnUCookieIsAVisitorId() throws IOException {
        assertError(400, get(server.request("/recs/1/shop?widget=w&format=json").header("Cookie", "bn_u=a%3Bb")), "bn_u");
        assertError(400, get(server.request("/recs/1/shop?widget=w&format=json").header("Cookie", "bn_u=" + "7".repeat(65))), "bn_u");
        Raw crlf = raw("GET /recs/1/shop?widget=w&format=json HTTP/1.1\r\nHost: x\r\nCookie: bn_u=a%0D%0Ab\r\n"
                + "Connection: close\r\n\r\n");
        assertEquals(400, crlf.status(), crlf.toString());
        assertTrue(crlf.json().get("text").asText().contains("bn_u"), crlf.toString());
        assertEquals(200, get(server.request("/recs/1/shop?widget=w&format=json&UserId=6924170156614971576")).status());
        assertEquals(200, get(server.request("/recs/1/shop?widget=w&format=json").header("Cookie", "bn_u=6924170156614971576")).status());
    }

    @Test
    void misoAnonymousIdIsAVisitorId() {
        long before = updates();
        Response r = server.send(server.request("/v1/interactions?api_key=" + PUBLISHABLE).POST(HttpRequest.BodyPublishers
                .ofString("{\"data\":[{\"type\":\"product_detail_page_view\",\"anonymous_id\":\"a;b\",\"product_ids\":[\"p\"]}]}"))
                .build());
        assertEquals(422, r.status(), r.toString());
        assertTrue(r.json().get("data").toString().contains("data.0.anonymous_id is invalid"), r.toString());
        Response rec = server.send(server.request("/v1/recommendation/user_to_products?api_key=" + PUBLISHABLE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"anonymous_id\":\"a\\r\\nb\"}")).build());
        assertEquals(422, rec.status(), rec.toString());
        assertTrue(rec.json().get("data").toString().contains("anonymous_id is invalid"), rec.toString());
        assertEquals(before, updates());
        Response ok = server.send(server.request("/v1/interactions?api_key=" + PUBLISHABLE).POST(HttpRequest.BodyPublishers
                .ofString("{\"data\":[{\"type\":\"product_detail_page_view\",\"anonymous_id\":\"" + UUID.randomUUID()
                        + "\",\"product_ids\":[\"p\"]}]}")).build());
        assertEquals(200, ok.status(), ok.toString());
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private static long updates() {
        return server.get("/recapi/1.0/servicestatus/shop").json().get("numUpdates").asLong();
    }

    private static HttpRequest.Builder ajax(String path) {
        return server.request("/ajaxrecapi/1.0" + path).header("Origin", TestServer.ORIGIN);
    }

    private static Response post(HttpRequest.Builder request, String body) {
        return server.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Response get(HttpRequest.Builder request) {
        return server.send(request.GET().build());
    }

    private static Response identify(String body) {
        return post(ajax("/identify"), body);
    }

    private static void assertError(int status, Response r, String named) {
        assertEquals(status, r.status(), r.toString());
        assertFalse(r.json().get("statusOK").asBoolean(), r.toString());
        assertTrue(r.json().get("text").asText().contains(named), named + ": " + r);
    }

    /** A raw HTTP/1.1 exchange: the bytes as written, one answer read (by its Content-Length, or chunked). */
    private static Raw raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
            }
            return new Raw(Integer.parseInt(statusLine.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private record Raw(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return Payloads.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }
    }
}
