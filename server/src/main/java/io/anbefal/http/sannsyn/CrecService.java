package io.anbefal.http.sannsyn;

import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.app.BrowserTrust;
import io.anbefal.app.VisitorIds;
import io.anbefal.http.BrowserCaller;
import io.anbefal.http.Http;
import io.anbefal.http.Payloads;
import io.anbefal.http.Protocol;
import io.anbefal.store.Limits;
import io.anbefal.store.ServiceAccount;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The customer recognition script, {@code GET /ajaxrecapi/1.0/crec?service=S[&euid=E][&sig=HMAC]}, and the
 * identity call it makes, {@code POST /ajaxrecapi/1.0/identify}.
 * <p>
 * The script is the compiled client (classpath resource {@value #SCRIPT}) wrapped as
 * {@code (function(){var __crec,__anbefalCrec=CONFIG;SCRIPT try{start()}catch(e){}})();} (the script's export, local to the
 * wrapper, as is the script's own state {@code __crec}: nothing leaks into the page's globals): CONFIG carries the service, the API base URL, the
 * visitor id of the {@code ssasid} cookie (set here, created if new), the customer id when it was accepted and
 * linked (with its {@code sig}, which the script's identify call passes on), and whether the service asks for
 * consent first. Who may be linked to whom is decided by
 * {@link BrowserTrust}: in signed mode a euid without a valid {@code sig} is a 403, and the visitor ids are ones
 * this server issued. Because CONFIG is per visitor, the answer is
 * {@code Cache-Control: private, no-cache}; it is gzipped when the browser accepts it.
 */
public final class CrecService implements HttpService {

    /** Where the compiled client lives on the classpath (built by client-sdk). */
    public static final String SCRIPT = "io/anbefal/crec/crec.js";
    /** The service setting that makes the script wait for consent before it stores or sends anything. */
    public static final String CONSENT = "crec.consent";
    private static final Duration COOKIE_AGE = Duration.ofDays(730);

    private final Anbefal anbefal;
    private final long maxBody;
    private final String script;

    public CrecService(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.maxBody = maxBody;
        this.script = load();
    }

    private static String load() {
        try (InputStream in = CrecService.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/crec", this::crec)
                .any("/crec", Http.allow("GET"))
                .post("/identify", AjaxCaller.filter(anbefal, maxBody, (r, body) -> Http.visitor(body, Http.SSASID)),
                        this::identify)
                .any("/identify", Http.allow("POST"));
    }

    private void crec(ServerRequest req, ServerResponse res) {
        String service = req.query().first("service").orElse("");
        if (service.isEmpty()) {
            throw AnbefalException.badInput("the service query parameter is missing: crec?service=NAME");
        }
        ServiceAccount account = anbefal.service(service);
        if (script == null) {
            throw AnbefalException.notFound("the crec script is not built: build client-sdk");
        }
        // the cookie is the server's own: one that is not a visitor id (set by an old version, or by hand) is
        // replaced by a new id rather than answered with a 400, which would break the page's script for its life
        String cookie = req.headers().cookies().first(Http.SSASID).filter(VisitorIds::valid).orElse(null);
        String euid = req.query().first("euid").filter(e -> !e.isEmpty() && e.length() <= Limits.PERSON).orElse(null);
        BrowserTrust.Signin signin = anbefal.trust().crec(account, cookie, euid, req.query().first("sig").orElse(null));
        String visitor = signin.visitor();
        setCookie(req, res, visitor);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("service", service);
        config.put("api", baseUrl(req));
        config.put("ssasid", visitor);
        config.put("euid", signin.customer());
        if (signin.customer() != null && req.query().first("sig").isPresent()) {
            config.put("sig", req.query().first("sig").get()); // identify links the script's own id with it
        }
        config.put("consent", Boolean.parseBoolean(account.settings().getOrDefault(CONSENT, "false")));
        config.put("debug", req.query().first("debug").map(d -> !d.equals("0") && !d.equals("false")).orElse(false));
        String body;
        try {
            body = "(function(){var __crec,__anbefalCrec=" + Payloads.JSON.writeValueAsString(config) + ";\n" + script
                    + "\ntry{start()}catch(e){}})();\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/javascript; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "private, no-cache");
        res.header(HeaderNames.VARY, "Cookie, Accept-Encoding");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (req.headers().first(HeaderNames.ACCEPT_ENCODING).map(a -> a.contains("gzip")).orElse(false)) {
            res.header(HeaderNames.CONTENT_ENCODING, "gzip");
            bytes = gzip(bytes);
        }
        Protocol.send(res, bytes);
    }

    /**
     * {@code {"service","ssasid","alias"?,"euid"?,"sig"?}}: the script's own id (localStorage) and the cookie's id
     * when they differ (then the cookie's history joins the script's id, and the cookie is set to it), and a
     * customer id to link. Answers {@code {"statusOK":true,"ssasid":...,"euid":linked-or-null}}.
     */
    private void identify(ServerRequest req, ServerResponse res) {
        var body = AjaxCaller.body(req);
        BrowserCaller caller = BrowserCaller.of(req); // the body's ssasid is the visitor
        String visitor = caller.visitor();
        if (visitor == null) {
            throw AnbefalException.badInput("ssasid is missing: the visitor id is expected");
        }
        String alias = Http.visitor(body, "alias");
        String euid = body.path("euid").isTextual() ? body.get("euid").asText() : "";
        if (euid.length() > Limits.PERSON) {
            throw AnbefalException.badInput("euid is longer than " + Limits.PERSON + " characters");
        }
        String cookie = req.headers().cookies().first(Http.SSASID).filter(VisitorIds::valid).orElse(null);
        BrowserTrust.Signin signin = anbefal.trust().identify(caller.account(), visitor, alias,
                cookie, euid.isEmpty() ? null : euid, body.path("sig").isTextual() ? body.get("sig").asText() : null);
        setCookie(req, res, visitor);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("statusOK", true);
        answer.put("ssasid", visitor);
        answer.put("euid", signin.customer());
        Http.json(res, Status.OK_200, answer);
    }

    private static boolean secure(ServerRequest req) {
        return req.isSecure() || req.headers().first(HeaderNames.X_FORWARDED_PROTO).map("https"::equalsIgnoreCase).orElse(false);
    }

    /** {@code SameSite=None; Secure} over https (the page is another site); {@code Lax} over plain http (local use). */
    private static void setCookie(ServerRequest req, ServerResponse res, String visitor) {
        VisitorIds.require("ssasid", visitor); // never anything but a visitor id in a Set-Cookie header
        boolean secure = secure(req);
        res.headers().addCookie(SetCookie.builder(Http.SSASID, visitor).path("/").maxAge(COOKIE_AGE).httpOnly(true)
                .secure(secure).sameSite(secure ? SetCookie.SameSite.NONE : SetCookie.SameSite.LAX).build());
    }

    private static String baseUrl(ServerRequest req) {
        String host = req.headers().first(HeaderNames.X_FORWARDED_HOST)
                .or(() -> req.headers().first(HeaderNames.HOST)).orElse("localhost");
        return (secure(req) ? "https" : "http") + "://" + host + "/ajaxrecapi/1.0/";
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
