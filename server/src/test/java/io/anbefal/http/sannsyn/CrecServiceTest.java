package io.anbefal.http.sannsyn;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.Payloads;
import io.anbefal.http.TestServer.Response;
import io.anbefal.http.TestServer;
import io.anbefal.tenant.CustomerSignatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The crec endpoint: the wrapper's configuration, the ssasid cookie, customer linking with and without signatures. */
class CrecServiceTest {

    private static final Pattern CONFIG = Pattern.compile("^\\(function\\(\\)\\{var __crec,__anbefalCrec=(\\{.*?});\\n");

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        assumeTrue(CrecServiceTest.class.getClassLoader().getResource(CrecService.SCRIPT) != null,
                "the compiled crec script is not on the classpath (client-sdk not built)");
        server = new TestServer(data, "shop", "signed");
        server.server().anbefal().configure(server.server().anbefal().service("signed"), CustomerSignatures.SECRET, "s3cret");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode config(Response r) throws IOException {
        Matcher m = CONFIG.matcher(r.body());
        assertTrue(m.find(), r.body().substring(0, Math.min(200, r.body().length())));
        return Payloads.JSON.readTree(m.group(1));
    }

    private static String cookie(Response r) {
        String setCookie = r.header("set-cookie");
        assertTrue(setCookie != null && setCookie.startsWith("ssasid="), String.valueOf(setCookie));
        return setCookie.substring(7, setCookie.indexOf(';'));
    }

    @Test
    void aNewVisitorGetsAnIdInTheCookieAndTheConfiguration() throws IOException {
        Response r = server.send(server.request("/ajaxrecapi/1.0/crec?service=shop").GET().build());
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.header("content-type").startsWith("application/javascript"));
        assertEquals("private, no-cache", r.header("cache-control"));
        String id = cookie(r);
        assertTrue(r.header("set-cookie").contains("SameSite=Lax"), r.header("set-cookie"));
        JsonNode config = config(r);
        assertEquals("shop", config.get("service").asText());
        assertEquals(id, config.get("ssasid").asText());
        assertEquals(server.url("/ajaxrecapi/1.0/"), config.get("api").asText());
        assertTrue(config.get("euid").isNull());
        assertTrue(r.body().trim().endsWith("try{start()}catch(e){}})();"));

        Response again = server.send(server.request("/ajaxrecapi/1.0/crec?service=shop").header("Cookie", "ssasid=" + id).GET().build());
        assertEquals(id, config(again).get("ssasid").asText(), "a returning visitor keeps the id");
        Response https = server.send(server.request("/ajaxrecapi/1.0/crec?service=shop").header("X-Forwarded-Proto", "https").GET().build());
        assertTrue(https.header("set-cookie").contains("SameSite=None") && https.header("set-cookie").contains("Secure"));
    }

    @Test
    void anEuidLinksTheVisitorUnlessTheServiceRequiresASignature() throws IOException {
        Response r = server.send(server.request("/ajaxrecapi/1.0/crec?service=shop&euid=customer-1").GET().build());
        assertEquals("customer-1", config(r).get("euid").asText());
        assertEquals("customer-1", server.server().anbefal().linkedTo(server.server().anbefal().service("shop"), cookie(r)));

        // signed mode: a euid without its signature is refused, and links nothing
        Response unsigned = server.send(server.request("/ajaxrecapi/1.0/crec?service=signed&euid=customer-2").GET().build());
        assertEquals(403, unsigned.status(), unsigned.toString());
        assertTrue(unsigned.json().get("text").asText().contains("signature"), unsigned.toString());
        Response forged = server.send(server.request("/ajaxrecapi/1.0/crec?service=signed&euid=customer-2&sig=00ff").GET().build());
        assertEquals(403, forged.status(), forged.toString());

        String sig = HexFormat.of().formatHex(CustomerSignatures.sign("s3cret", "customer-2"));
        Response signed = server.send(server.request("/ajaxrecapi/1.0/crec?service=signed&euid=customer-2&sig=" + sig).GET().build());
        assertEquals("customer-2", config(signed).get("euid").asText());
        assertEquals(sig, config(signed).get("sig").asText(), "for the script's identify call");
        assertEquals("customer-2", server.server().anbefal().linkedTo(server.server().anbefal().service("signed"), cookie(signed)));
    }

    @Test
    void aBrowserUpdateNamingACustomerIsRefusedWhereSignaturesAreRequired() {
        Response r = server.send(server.request("/ajaxrecapi/1.0/update").header("x-ssasid", "sneaky").POST(HttpRequest.BodyPublishers.ofString(
                "{\"service\":\"signed\",\"updates\":[{\"customer\":\"customer-3\",\"entityIDs\":[\"a\"],\"what\":\"BROWSE\"}]}")).build());
        assertEquals(403, r.status(), r.toString());
        assertNull(server.server().anbefal().linkedTo(server.server().anbefal().service("signed"), "sneaky"));
        assertEquals(0, server.server().anbefal().status(server.server().anbefal().service("signed")).updates(), "nothing stored");
    }

    @Test
    void identifyLinksTheCookieIdToTheScriptsOwnId() {
        Response r = server.send(server.request("/ajaxrecapi/1.0/identify").header("Origin", TestServer.ORIGIN)
                .header("Cookie", "ssasid=cookie-1") // the request holds the id it merges
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"shop\",\"ssasid\":\"local-1\",\"alias\":\"cookie-1\"}")).build());
        assertEquals(200, r.status(), r.toString());
        assertEquals("local-1", cookie(r), "the cookie follows the script's id");
        assertEquals("local-1", server.server().anbefal().linkedTo(server.server().anbefal().service("shop"), "cookie-1"));
        Response bad = server.send(server.request("/ajaxrecapi/1.0/identify")
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"shop\"}")).build());
        assertEquals(400, bad.status());
    }

    @Test
    void theScriptIsGzippedWhenAccepted() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(server.request("/ajaxrecapi/1.0/crec?service=shop")
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", r.headers().firstValue("content-encoding").orElse(""));
        String js = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(js.startsWith("(function(){var __crec,__anbefalCrec="));
        assertNotEquals(js.length(), r.body().length);
        assertFalse(server.send(server.request("/ajaxrecapi/1.0/crec").GET().build()).status() == 200, "no service: an error");
    }
}
