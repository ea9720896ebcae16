package io.anbefal.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anbefal.demo.Catalog.Category;
import io.anbefal.demo.Catalog.Product;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The demo web shop: home, category, product, cart, checkout, sign-in and statistics pages, its static
 * assets, generated product images and the catalog as JSON. It runs on its own listener (its own origin),
 * and talks to the recommender only from the browser, through the crec script every page carries.
 *
 * <p>Wire it into a named socket's routing: {@code new DemoShop(settings).routing(builder)}.
 */
public final class DemoShop {

    /** The shop's sign-in cookie: the sample customer's id. */
    public static final String CUSTOMER_COOKIE = "anbefal_demo_customer";
    private static final long MAX_FORM_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How the shop is set up.
     *
     * @param apiBaseUrl the recommender's origin as the browser reaches it, such as {@code http://localhost:8080}
     * @param service    the recommender service the shop reports to, such as {@code demo}
     * @param statsJson  gives the service's statistics JSON ({@code GET recapi/1.0/stats/{service}}), which
     *                   needs credentials the browser must not have; may throw when they are unavailable
     * @param signer     gives the signature of a customer id for the crec tag ({@code sig}, made with the service's
     *                   {@code crec.secret} on the shop's server, as a shop in signed mode does), or null for none
     */
    public record Settings(String apiBaseUrl, String service, Supplier<String> statsJson,
                           Function<String, String> signer) {
        public Settings {
            Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(statsJson, "statsJson");
            Objects.requireNonNull(signer, "signer");
        }

        /** A shop that signs no customer ids (for a service in open mode). */
        public Settings(String apiBaseUrl, String service, Supplier<String> statsJson) {
            this(apiBaseUrl, service, statsJson, euid -> null);
        }
    }

    private final Settings settings;
    private final Catalog catalog;
    private final Pages pages;
    private final Assets assets = new Assets();
    private final byte[] catalogJson;

    /** A shop over the standard catalog and the seed history's sample customers. */
    public DemoShop(Settings settings) {
        this.settings = settings;
        this.catalog = Catalog.standard();
        this.pages = new Pages(catalog, settings.apiBaseUrl(), settings.service(), DemoSeed.sampleCustomers(),
                settings.signer());
        this.catalogJson = clientCatalog(catalog);
    }

    /** Registers all of the shop's routes. */
    public void routing(HttpRouting.Builder shop) {
        shop.get("/", this::home)
                .get("/c/{category}", this::category)
                .get("/p/{product}", this::product)
                .get("/cart", (req, res) -> html(res, pages.cart(visitor(req))))
                .get("/checkout", (req, res) -> html(res, pages.checkout(visitor(req))))
                .get("/signin", this::signinPage)
                .post("/signin", this::signin)
                .post("/signout", this::signout)
                .get("/stats", (req, res) -> html(res, pages.stats(visitor(req))))
                .get("/stats.json", this::statsJson)
                .get("/catalog.json", this::catalogJson)
                .get("/img/{file}", this::image)
                .get("/static/{file}", assets::serve)
                .get("/favicon.ico", (req, res) -> {
                    res.status(Status.MOVED_PERMANENTLY_301).header(HeaderNames.LOCATION, "/static/favicon.svg").send();
                });
    }

    private void home(ServerRequest req, ServerResponse res) {
        html(res, pages.home(visitor(req)));
    }

    private void category(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("category");
        Category c = catalog.category(id).orElse(null);
        if (c == null) {
            notFound(req, res, "There is no category " + id + ".");
            return;
        }
        html(res, pages.category(c, visitor(req)));
    }

    private void product(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("product");
        Product p = catalog.product(id).orElse(null);
        if (p == null) {
            notFound(req, res, "There is no product " + id + ".");
            return;
        }
        html(res, pages.product(p, visitor(req)));
    }

    private void signinPage(ServerRequest req, ServerResponse res) {
        html(res, pages.signin(visitor(req), safeReturn(req.query().first("return").orElse("/"))));
    }

    private void signin(ServerRequest req, ServerResponse res) {
        Map<String, String> form = form(req, res);
        if (form == null) {
            return;
        }
        String id = form.getOrDefault("customer", "");
        SampleCustomer who = pages.customer(id).orElse(null);
        if (who == null) {
            error(res, Status.BAD_REQUEST_400, id.isEmpty() ? "the form field customer is missing"
                    : "unknown sample customer " + id + ": choose one on /signin");
            return;
        }
        res.headers().addCookie(SetCookie.builder(CUSTOMER_COOKIE, who.id()).path("/").httpOnly(true)
                .sameSite(SetCookie.SameSite.LAX).maxAge(Duration.ofDays(30)).build());
        redirect(res, safeReturn(form.getOrDefault("return", "/")));
    }

    private void signout(ServerRequest req, ServerResponse res) {
        Map<String, String> form = form(req, res);
        if (form == null) {
            return;
        }
        res.headers().addCookie(SetCookie.builder(CUSTOMER_COOKIE, "").path("/").httpOnly(true)
                .sameSite(SetCookie.SameSite.LAX).expires(Instant.EPOCH).build());
        redirect(res, safeReturn(form.getOrDefault("return", "/")));
    }

    private void statsJson(ServerRequest req, ServerResponse res) {
        String json;
        try {
            json = settings.statsJson().get();
        } catch (RuntimeException e) {
            error(res, Status.SERVICE_UNAVAILABLE_503, "the statistics are not available: " + e.getMessage());
            return;
        }
        if (json == null || json.isBlank()) {
            error(res, Status.SERVICE_UNAVAILABLE_503, "the statistics are not available");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(json.getBytes(StandardCharsets.UTF_8));
    }

    private void catalogJson(ServerRequest req, ServerResponse res) {
        Assets.sendCached(req, res, "application/json", catalogJson, "no-cache");
    }

    private void image(ServerRequest req, ServerResponse res) {
        String file = req.path().pathParameters().get("file");
        String id = file.endsWith(".svg") ? file.substring(0, file.length() - 4) : null;
        Product p = id == null ? null : catalog.product(id).orElse(null);
        if (p == null) {
            error(res, Status.NOT_FOUND_404, "no image " + file + ": images are /img/{productId}.svg");
            return;
        }
        Category c = catalog.category(p.category()).orElseThrow();
        Assets.sendCached(req, res, "image/svg+xml", ProductImages.svg(p, c).getBytes(StandardCharsets.UTF_8),
                "public, max-age=86400");
    }

    /** The signed-in sample customer, or null for an anonymous visitor. */
    private SampleCustomer visitor(ServerRequest req) {
        return req.headers().cookies().first(CUSTOMER_COOKIE).flatMap(pages::customer).orElse(null);
    }

    private void notFound(ServerRequest req, ServerResponse res, String text) {
        boolean browser = req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains("text/html")).orElse(false);
        if (browser) {
            res.status(Status.NOT_FOUND_404);
            html(res, pages.notFound(visitor(req), text));
        } else {
            error(res, Status.NOT_FOUND_404, text);
        }
    }

    /** The url-encoded form body; null after answering 4xx when it is unusable. */
    private static Map<String, String> form(ServerRequest req, ServerResponse res) {
        var type = req.headers().contentType();
        if (type.isPresent() && !type.get().mediaType().text().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            error(res, Status.UNSUPPORTED_MEDIA_TYPE_415, "send the form as application/x-www-form-urlencoded");
            return null;
        }
        byte[] body;
        if (!req.content().hasEntity()) {
            body = new byte[0];
        } else {
            try (InputStream in = req.content().inputStream()) {
                body = in.readNBytes((int) MAX_FORM_BYTES + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (body.length > MAX_FORM_BYTES) {
            error(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "the form is larger than " + MAX_FORM_BYTES + " bytes");
            return null;
        }
        try {
            return parseForm(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            error(res, Status.BAD_REQUEST_400, "the form is not valid url-encoding");
            return null;
        }
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /** A local path to go back to; anything else (another site, a scheme) becomes {@code /}. */
    static String safeReturn(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")
            || path.length() > 500 || path.chars().anyMatch(ch -> ch < 0x20)) {
            return "/";
        }
        return path;
    }

    private static void redirect(ServerResponse res, String to) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, to);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send();
    }

    private static void html(ServerResponse res, String page) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(page.getBytes(StandardCharsets.UTF_8));
    }

    static void error(ServerResponse res, Status status, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusOK", false);
        body.put("text", text);
        try {
            res.status(status);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The catalog as the pages' script needs it: no descriptions, with URLs. */
    private static byte[] clientCatalog(Catalog catalog) {
        List<Map<String, Object>> cats = new ArrayList<>();
        for (Category c : catalog.categories()) {
            cats.add(Map.of("id", c.id(), "name", c.name()));
        }
        List<Map<String, Object>> products = new ArrayList<>();
        for (Product p : catalog.products()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("name", p.name());
            m.put("price", p.price());
            m.put("category", p.category());
            m.put("url", "/p/" + p.id());
            m.put("image", "/img/" + p.id() + ".svg");
            products.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("currency", catalog.currency());
        root.put("categories", cats);
        root.put("products", products);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
