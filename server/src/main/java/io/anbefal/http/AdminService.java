package io.anbefal.http;

import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.app.AnbefalException.Kind;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operator's dashboard, {@code /admin}: a static page behind the services' basic auth (the browser asks for a
 * service's user), its script, and Chart.js from its webjar. Everything it shows it reads from the 1.0 API
 * ({@code stats}, {@code activity}, {@code servicestatus}) with the same credentials, so a service sees only itself.
 */
public final class AdminService implements HttpService {

    /** Where the page is served. */
    public static final String PREFIX = "/admin";
    private static final String PAGE = "io/anbefal/admin/index.html";
    private static final String SCRIPT = "io/anbefal/admin/admin.js";
    private static final String CHART_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private final Anbefal anbefal;
    private final String page;
    private final byte[] script;
    private final byte[] chart;

    public AdminService(Anbefal anbefal) {
        this.anbefal = anbefal;
        this.page = new String(resource(PAGE), StandardCharsets.UTF_8);
        this.script = resource(SCRIPT);
        Properties pom = new Properties();
        try (InputStream in = AdminService.class.getClassLoader().getResourceAsStream(CHART_POM)) {
            if (in == null) {
                throw new IllegalStateException("The Chart.js webjar is not on the class path");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.chart = resource("META-INF/resources/webjars/chart.js/" + pom.getProperty("version") + "/dist/chart.umd.js");
    }

    private static byte[] resource(String name) {
        try (InputStream in = AdminService.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::page)
                .get("/admin.js", (req, res) -> send(res, "text/javascript; charset=UTF-8", script))
                .get("/chart.umd.js", (req, res) -> send(res, "text/javascript; charset=UTF-8", chart))
                .any("/", Http.allow("GET"));
    }

    /** The page, once the browser has sent a service user's credentials; it lists the services they open. */
    private void page(ServerRequest req, ServerResponse res) {
        Set<String> services = new TreeSet<>(BasicAuth.services(anbefal, req));
        String html = page.replace("{{services}}", escape(String.join(" ", services)));
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        send(res, "text/html; charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(ServerResponse res, String type, byte[] body) {
        res.status(Status.OK_200);
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, type));
        Protocol.send(res, body);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
