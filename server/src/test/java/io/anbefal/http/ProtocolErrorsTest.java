package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.RawHttp.Answer;
import io.anbefal.http.RawHttp.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.anbefal.http.RawHttp.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed requests at the protocol level, over raw sockets against a real server: each is a 4xx with a JSON error
 * naming the problem (never a 500, never an empty body), in Miso's shape on {@code /v1}.
 */
class ProtocolErrorsTest {

    static final String KEY = "S-key-0123456789abcdefghijkl";
    static final String AUTH = TestServer.basic(TestServer.USER, TestServer.PASSWORD);
    static final String UPDATE = "{\"service\":\"S\",\"updates\":[{\"customer\":\"c1\",\"entityIDs\":[\"p1\"],\"what\":\"BROWSE\"}]}";

    @TempDir
    static Path dir;
    static TestServer server;
    static int port;

    @BeforeAll
    static void start() {
        server = new TestServer(dir, "S", "T");
        server.server().anbefal().services().setApiKey("S", KEY);
        port = server.server().port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Answer send(String request) {
        return RawHttp.exchange(port, bytes(request), true, 30_000).only();
    }

    static String post(String path, String headers, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers
                + "Content-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body;
    }

    /** A 4xx whose JSON body names the problem: {@code text} (or Miso's {@code message}) contains {@code naming}. */
    static JsonNode assertJsonError(Answer a, int status, String naming) {
        assertEquals(status, a.status(), a.toString());
        assertTrue(String.valueOf(a.header("content-type")).startsWith("application/json"), a.toString());
        JsonNode json;
        try {
            json = Payloads.JSON.readTree(a.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + a, e);
        }
        String text = json.has("text") ? json.get("text").asText() : json.path("message").asText();
        assertTrue(text.contains(naming), "'" + text + "' should name " + naming);
        return json;
    }

    long events() {
        return server.server().anbefal().status(server.server().anbefal().service("S")).updates();
    }

    @Test
    void aMalformedContentTypeIsA400NamingTheHeader() {
        for (String type : List.of(";", "", "/json", "text/plain; charset=\"")) {
            assertJsonError(send(post("/recapi/1.0/update", "Authorization: " + AUTH + "\r\nContent-Type: " + type + "\r\n",
                    UPDATE)), 400, "Content-Type");
            assertJsonError(send(post("/recapi/1.0/dataset?service=S", "Authorization: " + AUTH + "\r\nContent-Type: "
                    + type + "\r\n", "<x/>")), 400, "Content-Type");
            JsonNode miso = assertJsonError(send(post("/v1/interactions", "X-API-KEY: " + KEY + "\r\nContent-Type: " + type
                    + "\r\n", "{\"data\":[]}")), 400, "Content-Type");
            assertTrue(miso.has("message"), "Miso's shape on /v1: " + miso);
        }
        assertEquals(0, events());
    }

    @Test
    void gzipThatIsNotGzipIsA400() throws IOException {
        byte[] whole = gzip("<?xml version=\"1.0\"?><dataset xmlns=\"https://anbefal.io/ns/dataset/1.0\" version=\"1.0\"/>");
        String truncated = new String(whole, 0, 12, StandardCharsets.ISO_8859_1);
        for (String body : List.of("not gzip at all", truncated, UPDATE)) {
            String ce = "Authorization: " + AUTH + "\r\nContent-Encoding: gzip\r\n";
            assertJsonError(send(post("/recapi/1.0/update", ce, body)), 400, "gzip");
            assertJsonError(send(post("/recapi/1.0/dataset?service=S", ce + "Content-Type: application/xml\r\n", body)),
                    400, "gzip");
            assertJsonError(send(post("/v1/products", "X-API-KEY: " + KEY + "\r\nContent-Encoding: gzip\r\n", body)),
                    400, "gzip");
        }
        // no Content-Encoding, but the dataset starts with gzip's magic number and breaks off
        assertJsonError(send(post("/recapi/1.0/dataset?service=S", "Authorization: " + AUTH + "\r\n", truncated)), 400,
                "nothing was loaded");
        assertJsonError(send(post("/recapi/1.0/dataset?service=S", "Authorization: " + AUTH + "\r\n", truncated.substring(0, 4))),
                400, "gzip");
        assertEquals(0, events());
    }

    @Test
    void aBodyShorterThanItsContentLengthIsA400WhenTheClientStopsSending() {
        String request = "POST /recapi/1.0/update HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + AUTH
                + "\r\nContent-Length: 500\r\n\r\n" + UPDATE;
        Exchange e = RawHttp.exchange(port, bytes(request), true, 30_000);
        assertJsonError(e.only(), 400, "Content-Length");
        assertEquals("close", e.only().header("connection"));
        assertEquals(0, events());
    }

    @Test
    void badChunkSizesAreA400AndCloseTheConnection() {
        for (String chunks : List.of("zz\r\nabc\r\n0\r\n\r\n", "-1\r\nabc\r\n0\r\n\r\n",
                Integer.toHexString(UPDATE.length()) + ";ext=1\r\n" + UPDATE + "\r\n0\r\n\r\n")) {
            String request = "POST /recapi/1.0/update HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + AUTH
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
            // not half-closed: the server itself must close, and must not read the rest as a request of its own
            Exchange e = RawHttp.exchange(port, bytes(request), false, 30_000);
            assertJsonError(e.only(), 400, "chunk");
            assertTrue(e.closedByServer(), "the framing is lost: the server closes the connection");
        }
        assertEquals(0, events());
    }

    @Test
    void aNulInTheMethodAndAHeadCutOffAreA400() {
        assertJsonError(send("GE\u0000T /health HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400, "malformed request");
        assertJsonError(send("POST /recapi/1.0/update HTTP/1.1\r\nHost: localhost\r\nAuthorization: Ba"), 400,
                "malformed request");
        assertJsonError(send("GET /health HTTP/1.1\r\nHost: loc"), 400, "malformed request");
    }

    @Test
    void helidonsOwnRejectionsCarryTheJsonErrorShape() {
        assertJsonError(send("GET /recapi/1.0/servicestatus/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400, "malformed");
        assertJsonError(send("GET /recs/1/S?widget=%zz HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400, "%");
        assertJsonError(send("GET /recs/1/S?widget=[]{} HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400, "invalid char");
        assertJsonError(send("GET /health HTTP/1.1\r\nHost: localhost\r\nX-A: a\u0001b\r\n\r\n"), 400, "header");
        assertJsonError(send("GET /health HTTP/1.1\r\n\r\n"), 400, "Host");
        assertJsonError(send("GET /health?q=" + "a".repeat(40_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414, "URI");
        assertJsonError(send("GET /health HTTP/1.0\r\n\r\n"), 505, "HTTP/1.1");
        assertJsonError(send("GET /health HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n\r\n"), 400, "length");
        JsonNode miso = assertJsonError(send("GET /v1/products/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400, "malformed");
        assertTrue(miso.has("message") && !miso.has("statusOK"), "Miso's shape on /v1: " + miso);
    }

    @Test
    void headIsAGetWithoutItsBodyAndKeepsTheConnection() {
        Answer get = send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        String twice = "HEAD /health HTTP/1.1\r\nHost: localhost\r\n\r\nGET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
        Exchange e = RawHttp.exchange(port, bytes(twice), true, 30_000, true, false);
        assertEquals(2, e.answers().size(), e.toString());
        assertEquals(0, e.rest().length, "no body after the HEAD answer");
        Answer head = e.answers().get(0);
        assertEquals(200, head.status());
        assertEquals(String.valueOf(get.body().length), head.header("content-length"), "the GET's length");
        assertEquals(get.text(), e.answers().get(1).text(), "the next request on the connection is answered");

        String missing = "HEAD /no/such/thing HTTP/1.1\r\nHost: localhost\r\n\r\nGET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
        Exchange notFound = RawHttp.exchange(port, bytes(missing), true, 30_000, true, false);
        assertEquals(404, notFound.answers().get(0).status(), notFound.toString());
        assertEquals(200, notFound.answers().get(1).status(), notFound.toString());
        assertEquals(0, notFound.rest().length);

        String merge = "HEAD /recapi/1.0/merge/S/new-id/old-id HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + AUTH + "\r\n\r\n";
        Exchange m = RawHttp.exchange(port, bytes(merge), true, 30_000, true);
        assertEquals(405, m.only().status(), "HEAD never merges: " + m);
        assertEquals("GET", m.only().header("allow"));
        assertNull(server.server().anbefal().linkedTo(server.server().anbefal().service("S"), "old-id"));
    }

    @Test
    void aGoodRequestIsStillServed() {
        Answer ok = send(post("/recapi/1.0/update", "Authorization: " + AUTH + "\r\nContent-Type: application/json\r\n",
                UPDATE.replace("\"S\"", "\"T\"")));
        assertEquals(200, ok.status(), ok.toString());
        assertFalse(ok.text().contains("false"), ok.text());
        assertEquals(1, server.server().anbefal().status(server.server().anbefal().service("T")).updates());
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
