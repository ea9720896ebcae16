package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.RawHttp.Answer;
import io.anbefal.http.RawHttp.Exchange;
import io.anbefal.store.H2Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import static io.anbefal.http.RawHttp.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed requests over every endpoint and method of a real server, over raw sockets: a seeded generator takes
 * a good request of each route and mutates its method, path, percent-escapes, query, headers (content type,
 * length, transfer and content encoding, credentials, visitor ids, cookies), framing and body (truncated, garbage,
 * trailing JSON, wrong types, huge ids, deep nesting). Asserted for every answer: no status of 500 or more (but a
 * 501 or 505 with a JSON body), a JSON error body on every 4xx (Miso's {@code message} on {@code /v1}, else
 * {@code text}), no body on a HEAD answer; that the database did not grow from a rejected request (row counts of
 * the worker's own service, before and after each request), and that the server answers {@code /health} at the
 * end. Prints the status histogram. {@code -Dfuzz.seed} and {@code -Dfuzz.requests} change the run.
 */
class MalformedRequestFuzzTest {

    static final int WORKERS = 4;
    /** A service of no worker: its credentials and key in a worker's request must not reach the worker's service. */
    static final int OTHER = WORKERS;
    static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    static final int TIMEOUT_MILLIS = 30_000;
    /**
     * Mutations that each cost the server a password hash verification (a right user or key prefix with a wrong
     * secret): a few are enough to cover the paths; each costs some 100 ms of CPU until the password checks
     * remember it, and past their bounds the answer is a 429 (tenant/PasswordChecks).
     */
    static final int HASH_BUDGET_PER_WORKER = 6;

    static final String ORIGIN = TestServer.ORIGIN;
    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "CONNECT",
        "FOO", "get", "GE\u0000T", "P OST", "POST\t", "M".repeat(300), "\u00e9"};
    static final String[] CONTENT_TYPES = {";", "", "/json", "text/plain; charset=\"", "application/json; charset=utf-8",
        "application/xml", "multipart/form-data; boundary=x", "application/json;;", "*/*", "text/plain; charset=nope",
        "application/json; charset=\"utf-8", "a/b/c", "application/gzip", "text/plain;charset=UTF-8", "\u00e6/\u00f8"};
    static final String[] ODD_IDS = {"", " ", "..", "%2F", "a%2Fb", "%00", "%ff%fe", "%C3%A6", "undefined", "null",
        "a;b=c", "%0d%0aSet-Cookie:%20x=y", "%22", "%3Cscript%3E", "%25", "*", "~", "-"};
    static final String[] QUERY_JUNK = {"?a=%zz", "?[]{}", "?&&&=", "?=", "?%", "?a=%e9", "#frag", "?a=b#c#d",
        "?service=%00", "?num=-1", "?num=99999999999999999999", "?from=x&to=y", "?from=1&from=2", "?ssasid=%0a",
        "?format=yaml", "?widget=", "?a=|", "?a=\"", "?a=^`", "?" + "q=1&".repeat(200)};
    static final String[] SSASIDS = {"", "undefined", "x".repeat(300), "a;b=c", "a b", "a\u0001b", "\u00c3\u00a6",
        "v1; Domain=evil.example; Max-Age=0", "\"q\"", "a,b", "../../etc", "%00"};
    static final String[] COOKIES = {";;;", "=", "ssasid", "ssasid=", "ssasid=\"quoted", "bn_u=\u00ff",
        "ssasid=a; ssasid=b", "ssasid=v1; Domain=evil", "a=b=c", "ssasid=x\u0001", " ; ssasid = v1 ;"};
    static final String[] WRONG_TYPES = {"1", "true", "null", "[]", "{}", "\"s\"", "1e999", "-0", "123456789012345678901234567890",
        "[[[]]]", "{\"a\":{}}", "\"\\u0000\"", "\"\\ud800\""};

    @TempDir
    Path dir;

    /** One route's good request for a worker, before mutation. */
    record Route(String name, String method, String target, List<String> headers, String body, boolean writes) {
    }

    /** A request being mutated; rendered to bytes at the end. */
    static final class Request {
        String method;
        String target;
        String version = "HTTP/1.1";
        List<String> headers = new ArrayList<>();
        byte[] body;
        String framing = "length";
        String framingDetail = "";
        final List<String> tags = new ArrayList<>();

        byte[] render() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(' ').append(version).append("\r\n");
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            byte[] payload = body == null ? new byte[0] : body;
            switch (framing) {
                case "length" -> {
                    if (body != null) {
                        head.append("Content-Length: ").append(payload.length).append("\r\n");
                    }
                }
                case "none" -> { }
                case "declared" -> head.append("Content-Length: ").append(framingDetail).append("\r\n");
                case "chunked", "chunks" -> head.append("Transfer-Encoding: chunked\r\n");
                default -> throw new IllegalStateException(framing);
            }
            head.append("\r\n");
            out.writeBytes(bytes(head.toString()));
            switch (framing) {
                case "chunked" -> {
                    if (payload.length > 0) {
                        out.writeBytes(bytes(Integer.toHexString(payload.length) + "\r\n"));
                        out.writeBytes(payload);
                        out.writeBytes(bytes("\r\n"));
                    }
                    out.writeBytes(bytes("0\r\n\r\n"));
                }
                case "chunks" -> out.writeBytes(bytes(framingDetail));
                default -> out.writeBytes(payload);
            }
            return out.toByteArray();
        }

        boolean head() {
            return "HEAD".equals(method);
        }
    }

    /** What the run found; shared by the workers. */
    static final class Findings {
        final Map<String, AtomicInteger> histogram = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> perRoute = new ConcurrentHashMap<>();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong sent = new AtomicLong();
        final Map<String, AtomicLong> millisPerRoute = new ConcurrentHashMap<>();
        final List<String> slowest = Collections.synchronizedList(new ArrayList<>());

        void count(String key) {
            histogram.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        }

        void fail(Request r, byte[] raw, String problem) {
            String line = problem + " <- " + r.tags + " " + printable(raw, 300);
            failed.incrementAndGet();
            if (failures.size() < 40) {
                failures.add(line);
            }
        }
    }

    @Test
    void malformedRequestsGetA4xxJsonErrorAndChangeNothing() throws Exception {
        try (TestServer server = new TestServer(dir)) {
            int port = server.server().port();
            for (int w = 0; w <= OTHER; w++) {
                seed(server, w);
            }
            Findings findings = new Findings();
            String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve(H2Store.DATABASE) + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    try (Connection db = DriverManager.getConnection(url, "sa", "")) {
                        run(worker, port, db, findings);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            long millis = (System.nanoTime() - t0) / 1_000_000;

            System.out.printf("fuzz: %d malformed requests (seed %d) in %d ms, %d workers%n", findings.sent.get(), SEED,
                    millis, WORKERS);
            System.out.println("fuzz: status histogram " + new TreeMap<>(findings.histogram));
            System.out.println("fuzz: requests per route " + new TreeMap<>(findings.perRoute));
            System.out.println("fuzz: milliseconds per route " + new TreeMap<>(findings.millisPerRoute));
            findings.slowest.forEach(l -> System.out.println("fuzz: slow: " + l));
            findings.failures.forEach(l -> System.out.println("fuzz FAILURE: " + l));

            Answer health = RawHttp.exchange(port, bytes("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"), true,
                    TIMEOUT_MILLIS).only();
            assertEquals(200, health.status(), "the server still answers /health: " + health);
            assertTrue(findings.sent.get() >= 10_000 || REQUESTS < 10_000, "at least 10,000 requests");
            assertEquals(0, findings.failed.get(), findings.failed.get() + " answers broke the rules, for example:\n"
                    + String.join("\n", findings.failures));
        }
    }

    /** A service per worker, with its own user, keys and some history, so that row counts are the worker's own. */
    static void seed(TestServer server, int w) {
        var services = server.server().anbefal().services();
        services.add(service(w), user(w), password(w), List.of(ORIGIN));
        services.setApiKey(service(w), apiKey(w));
        services.setPublishableKey(service(w), publishableKey(w));
        String auth = "Authorization: " + TestServer.basic(user(w), password(w));
        String[] requests = {
            post("/recapi/1.0/update", auth, "{\"service\":\"" + service(w) + "\",\"updates\":[{\"customer\":\"c1\","
                    + "\"entityIDs\":[\"p1\",\"p2\"],\"what\":\"BUY\"},{\"customer\":\"c2\",\"entityIDs\":[\"p2\",\"p3\"],\"what\":\"BUY\"}]}"),
            post("/v1/products", "X-API-KEY: " + apiKey(w), "{\"data\":[{\"product_id\":\"p1\",\"title\":\"Apron\","
                    + "\"categories\":[[\"Kitchen\"]]},{\"product_id\":\"p2\",\"title\":\"Bowl\"}]}"),
        };
        for (String r : requests) {
            Answer a = RawHttp.exchange(server.server().port(), bytes(r), true, TIMEOUT_MILLIS).only();
            assertEquals(200, a.status(), "seeding: " + a);
        }
    }

    static String post(String path, String header, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + header + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    static String service(int w) {
        return "fz" + w;
    }

    static String user(int w) {
        return "fuzzer" + w;
    }

    static String password(int w) {
        return "secret-of-fuzzer-" + w;
    }

    static String apiKey(int w) {
        return "fz" + w + "-key-0123456789abcdefghijkl";
    }

    static String publishableKey(int w) {
        return "fz" + w + "-pub-0123456789abcdefghijkl";
    }

    /** Every route of the API listener (http/Routes and the services it registers), with a good request of each. */
    static List<Route> routes(int w) {
        String s = service(w);
        String basic = "Authorization: " + TestServer.basic(user(w), password(w));
        String key = "X-API-KEY: " + apiKey(w);
        String json = "Content-Type: application/json";
        String browser = "Origin: " + ORIGIN;
        String update = "{\"service\":\"" + s + "\",\"updates\":[{\"customer\":\"c3\",\"entityIDs\":[\"p1\"],\"what\":\"BROWSE\"}]}";
        String recommend = "{\"service\":\"" + s + "\",\"recommender\":\"ItemToItemRecommender\",\"externalIds\":[\"p1\"],\"num\":5}";
        String ajaxUpdate = "{\"service\":\"" + s + "\",\"updates\":[{\"entityIDs\":[\"p1\"],\"what\":\"BROWSE\"}]}";
        String misoQuery = "{\"user_id\":\"u1\",\"product_id\":\"p1\",\"rows\":5}";
        String dataset = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<dataset xmlns=\"https://anbefal.io/ns/dataset/1.0\""
                + " version=\"1.0\">\n  <update customer=\"c4\" what=\"BROWSE\" time=\"2026-01-01T00:00:00Z\">\n"
                + "    <entity>p1</entity>\n  </update>\n</dataset>\n";
        List<Route> routes = new ArrayList<>(List.of(
                new Route("health", "GET", "/health", List.of(), null, false),
                new Route("unknown", "GET", "/no/such/path", List.of(), null, false),
                new Route("unknown-post", "POST", "/recapi/1.0/nothing", List.of(basic, json), update, false),
                new Route("recapi-schema", "GET", "/recapi/1.0/schema", List.of(), null, false),
                new Route("dataset", "POST", "/recapi/1.0/dataset?service=" + s, List.of(basic, "Content-Type: application/xml"),
                        dataset, true),
                new Route("update-post", "POST", "/recapi/1.0/update", List.of(basic, json), update, true),
                new Route("update-put", "PUT", "/recapi/1.0/update", List.of(basic, json), update, true),
                new Route("recommend", "POST", "/recapi/1.0/recommend", List.of(basic, json), recommend, false),
                new Route("miprecommend", "PUT", "/recapi/1.0/miprecommend", List.of(basic, json), recommend, false),
                new Route("recommend-path", "GET", "/recapi/1.0/recommend/" + s + "/PopularRecommender/c1/5", List.of(basic),
                        null, false),
                new Route("servicestatus", "GET", "/recapi/1.0/servicestatus/" + s, List.of(basic), null, false),
                new Route("merge", "GET", "/recapi/1.0/merge/" + s + "/c1/v-old", List.of(basic), null, true),
                new Route("stats", "GET", "/recapi/1.0/stats/" + s + "?from=0&to=2026-12-31T00:00:00Z", List.of(basic), null,
                        false),
                new Route("ajax-update", "POST", "/ajaxrecapi/1.0/update", List.of(browser, "x-ssasid: v1", json), ajaxUpdate,
                        true),
                new Route("ajax-recommend", "POST", "/ajaxrecapi/1.0/recommend", List.of(browser, "x-ssasid: v1", json),
                        recommend, false),
                new Route("ajax-preflight", "OPTIONS", "/ajaxrecapi/1.0/update", List.of(browser,
                        "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type, x-ssasid"),
                        null, false),
                new Route("crec", "GET", "/ajaxrecapi/1.0/crec?service=" + s, List.of("Cookie: ssasid=v1"), null, false),
                new Route("identify", "POST", "/ajaxrecapi/1.0/identify", List.of(browser, json),
                        "{\"service\":\"" + s + "\",\"ssasid\":\"v2\",\"alias\":\"v1\"}", true),
                new Route("kibo-schema", "GET", "/recs/1/schema", List.of(), null, false),
                new Route("kibo", "GET", "/recs/1/" + s + "?widget=w&productId=p1&format=json", List.of("Cookie: bn_u=v1"),
                        null, false),
                new Route("v1-interactions", "POST", "/v1/interactions", List.of(key, json), "{\"data\":[{\"type\":"
                        + "\"product_detail_page_view\",\"user_id\":\"u1\",\"product_ids\":[\"p1\"]}]}", true),
                new Route("v1-products", "POST", "/v1/products", List.of(key, json),
                        "{\"data\":[{\"product_id\":\"p3\",\"title\":\"Cup\",\"categories\":[[\"Kitchen\",\"Cups\"]]}]}", true),
                new Route("v1-products-delete", "POST", "/v1/products/_delete", List.of(key, json),
                        "{\"data\":{\"product_ids\":[\"p9\"]}}", true),
                new Route("v1-product", "GET", "/v1/products/p1", List.of(key), null, false),
                new Route("v1-search", "POST", "/v1/search/search", List.of(key, json), "{\"q\":\"apron\",\"rows\":5}", false),
                new Route("v1-autocomplete", "POST", "/v1/search/autocomplete", List.of(key, json), "{\"q\":\"ap\"}", false),
                new Route("v1-user-to-attributes", "POST", "/v1/recommendation/user_to_attributes", List.of(key, json),
                        misoQuery, false),
                new Route("v1-publishable", "POST", "/v1/interactions", List.of("X-API-KEY: " + publishableKey(w), browser,
                        json), "{\"data\":[{\"type\":\"add_to_cart\",\"user_id\":\"u2\",\"product_ids\":[\"p2\"]}]}", true)));
        for (String e : List.of("user_to_products", "product_to_products", "user_to_trending", "user_to_categories")) {
            routes.add(new Route("v1-" + e, "POST", "/v1/recommendation/" + e, List.of(key, json), misoQuery, false));
        }
        return routes;
    }

    /** One worker: its share of the requests, one connection each, checking each answer and the row counts. */
    static void run(int w, int port, Connection db, Findings findings) throws SQLException {
        Random random = new Random(SEED * 31 + w);
        List<Route> routes = routes(w);
        int[] hashBudget = {HASH_BUDGET_PER_WORKER};
        long[] before = counts(db, service(w));
        for (int i = 0; i < REQUESTS / WORKERS; i++) {
            Route route = routes.get(random.nextInt(routes.size()));
            Request r = mutate(route, w, random, hashBudget);
            byte[] raw = r.render();
            long start = System.nanoTime();
            Exchange e = RawHttp.exchange(port, raw, true, TIMEOUT_MILLIS, r.head(), false, false);
            long millis = (System.nanoTime() - start) / 1_000_000;
            findings.millisPerRoute.computeIfAbsent(route.name(), k -> new AtomicLong()).addAndGet(millis);
            if (millis > 1000 && findings.slowest.size() < 10) {
                findings.slowest.add(millis + " ms " + r.tags + " " + printable(raw, 200));
            }
            findings.sent.incrementAndGet();
            findings.perRoute.computeIfAbsent(route.name(), k -> new AtomicInteger()).incrementAndGet();
            int status = check(r, raw, e, findings);
            long[] after = counts(db, service(w));
            if ((status < 200 || status >= 300) && !Arrays.equals(before, after)) {
                findings.fail(r, raw, "rejected (" + status + ") but the database grew: " + Arrays.toString(before)
                        + " -> " + Arrays.toString(after));
            }
            before = after;
        }
    }

    /** Checks an exchange's answers; the first answer's status, or 0 when there was none. */
    static int check(Request r, byte[] raw, Exchange e, Findings findings) {
        if (e.answers().isEmpty()) {
            findings.count(e.closedByServer() ? "closed" : "timeout");
            if (!e.closedByServer()) {
                findings.fail(r, raw, "no answer within " + TIMEOUT_MILLIS + " ms");
            } else if (completeHead(raw)) {
                findings.fail(r, raw, "closed without an answer to a complete request head");
            }
            return 0;
        }
        List<Answer> answers = e.answers().stream().filter(a -> a.status() >= 200).toList();
        if (answers.isEmpty()) {
            findings.count("interim only");
            findings.fail(r, raw, "only an interim answer: " + e.answers());
            return 0;
        }
        Answer first = answers.get(0);
        findings.count(String.valueOf(first.status()));
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            boolean head = i == 0 && r.head();
            String problem = problem(a, head);
            if (problem != null) {
                findings.fail(r, raw, problem + ": " + a);
            }
        }
        byte[] rest = e.rest();
        if (r.head() && answers.size() == 1 && rest.length > 0 && "close".equals(first.header("connection"))
                && String.valueOf(rest.length).equals(first.header("content-length"))) {
            // rejected before the request line was read whole (a URI over the limit): the server cannot know the
            // method, so the error comes with its body, and the connection closes
            String problem = problem(new Answer(first.status(), first.headers(), rest), false);
            if (problem != null) {
                findings.fail(r, raw, problem + ": " + printable(rest, 200));
            }
            rest = new byte[0];
        }
        if (rest.length > 0) {
            findings.fail(r, raw, "bytes after the answers that are not an answer" + (r.head() ? " (a HEAD body?)" : "")
                    + ": " + printable(rest, 200));
        }
        if (!e.closedByServer()) {
            findings.fail(r, raw, "the connection stayed open after the client closed its side");
        }
        return first.status();
    }

    /** What is wrong with an answer, or null. */
    static String problem(Answer a, boolean head) {
        int s = a.status();
        if (s >= 500 && s != 501 && s != 505) {
            return "status " + s;
        }
        if (s < 400) {
            return null;
        }
        String type = a.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return "an error without a JSON content type";
        }
        if (head) {
            return null;
        }
        JsonNode json;
        try {
            json = Payloads.JSON.readTree(a.body());
        } catch (IOException e) {
            return "an error body that is not JSON";
        }
        if (json == null || !json.isObject()) {
            return "an error body that is not a JSON object";
        }
        String text = json.path(json.has("message") ? "message" : "text").asText("");
        if (text.isBlank()) {
            return "an error without a 'text' (or on /v1 'message') naming the problem";
        }
        return null;
    }

    static boolean completeHead(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        return s.contains("\r\n\r\n");
    }

    /** The route's good request with one to three mutations. */
    static Request mutate(Route route, int w, Random random, int[] hashBudget) {
        Request r = new Request();
        r.method = route.method();
        r.target = route.target();
        r.headers.add("Host: localhost");
        r.headers.addAll(route.headers());
        r.body = route.body() == null ? null : route.body().getBytes(StandardCharsets.UTF_8);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            MUTATIONS.get(random.nextInt(MUTATIONS.size())).apply(new Context(r, route, w, random, hashBudget));
        }
        return r;
    }

    record Context(Request r, Route route, int w, Random random, int[] hashBudget) {
        <T> T pick(T[] values) {
            return values[random.nextInt(values.length)];
        }

        void tag(String tag) {
            r.tags.add(tag);
        }

        void header(String name, String value) {
            r.headers.removeIf(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1));
            if (value != null) {
                r.headers.add(name + ": " + value);
            }
        }

        boolean spendHash() {
            if (hashBudget[0] <= 0) {
                return false;
            }
            hashBudget[0]--;
            return true;
        }
    }

    interface Mutation extends Function<Context, Void> {
    }

    static Mutation of(java.util.function.Consumer<Context> c) {
        return ctx -> {
            c.accept(ctx);
            return null;
        };
    }

    static final List<Mutation> MUTATIONS = List.of(
            // the method
            of(c -> {
                c.tag("method");
                c.r.method = c.pick(METHODS);
            }),
            // the path: a segment added, an id replaced, the path cut, odd forms of the target
            of(c -> {
                c.tag("path-segment");
                String[] extra = {"/x", "/..", "/%2e%2e", "//", "/%00", "/%zz", "/%", "/\u00e9", "/;a=1", "/%2F",
                    "/.", "/a%20b", "/" + "%41".repeat(50)};
                int q = c.r.target.indexOf('?');
                String path = q < 0 ? c.r.target : c.r.target.substring(0, q);
                c.r.target = path + c.pick(extra) + (q < 0 ? "" : c.r.target.substring(q));
            }),
            of(c -> {
                c.tag("path-id");
                String[] parts = c.r.target.split("/", -1);
                if (parts.length > 2) {
                    int i = 2 + c.random.nextInt(parts.length - 2);
                    parts[i] = c.pick(ODD_IDS);
                    c.r.target = String.join("/", parts);
                }
            }),
            of(c -> {
                c.tag("huge-id");
                String[] parts = c.r.target.split("\\?", 2)[0].split("/", -1);
                int i = parts.length > 2 ? 2 + c.random.nextInt(parts.length - 2) : parts.length - 1;
                parts[i] = "i".repeat(c.pick(new Integer[] {201, 1001, 3000}));
                c.r.target = String.join("/", parts);
            }),
            of(c -> {
                c.tag("path-cut");
                c.r.target = c.r.target.substring(0, c.random.nextInt(c.r.target.length() + 1));
                if (c.r.target.isEmpty()) {
                    c.r.target = c.pick(new String[] {"", "*", "/"});
                }
            }),
            of(c -> {
                c.tag("target-form");
                String[] forms = {"http://localhost" + c.r.target, "HTTP://LOCALHOST:1" + c.r.target,
                    c.r.target.isEmpty() ? "" : c.r.target.substring(1), c.r.target.toUpperCase(), "*", "//" + c.r.target, c.r.target + " x"};
                c.r.target = c.pick(forms);
            }),
            // the query
            of(c -> {
                c.tag("query");
                String junk = c.pick(QUERY_JUNK);
                c.r.target = c.r.target + (c.r.target.contains("?") && junk.startsWith("?") ? "&" + junk.substring(1) : junk);
            }),
            of(c -> {
                c.tag("query-long");
                c.r.target = c.r.target + (c.r.target.contains("?") ? "&" : "?") + "q=" + "a".repeat(
                        c.pick(new Integer[] {1000, 7000, 40_000}));
            }),
            // the version
            of(c -> {
                c.tag("version");
                c.r.version = c.pick(new String[] {"HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "http/1.1", "HTTP/1", "HTTP/x",
                    "", "HTTP/1.1 extra"});
            }),
            // headers
            of(c -> {
                c.tag("content-type");
                c.header("Content-Type", c.pick(CONTENT_TYPES));
            }),
            of(c -> {
                c.tag("content-length");
                int length = c.r.body == null ? 0 : c.r.body.length;
                c.r.framing = "declared";
                c.r.framingDetail = c.pick(new String[] {String.valueOf(length + 1 + c.random.nextInt(100)),
                    String.valueOf(Math.max(0, length - 1 - c.random.nextInt(Math.max(1, length)))), "-1", "x", "",
                    "99999999999", "1e3", "0x10", length + ", " + length, " " + length, "+" + length});
                if (c.r.body == null) {
                    c.r.body = new byte[0];
                }
            }),
            of(c -> {
                c.tag("content-length-duplicate");
                int length = c.r.body == null ? 0 : c.r.body.length;
                c.r.headers.add("Content-Length: " + (length + 3));
            }),
            of(c -> {
                c.tag("chunked");
                byte[] body = c.r.body == null ? bytes("{}") : c.r.body;
                String text = new String(body, StandardCharsets.ISO_8859_1);
                String hex = Integer.toHexString(body.length);
                c.r.framing = "chunks";
                c.r.framingDetail = c.pick(new String[] {
                    "zz\r\n" + text + "\r\n0\r\n\r\n",
                    "-1\r\n" + text + "\r\n0\r\n\r\n",
                    hex + ";ext=1\r\n" + text + "\r\n0\r\n\r\n",
                    "FFFFFFFFFF\r\n" + text + "\r\n0\r\n\r\n",
                    hex + "\r\n" + text + "\r\n",
                    hex + "\r\n" + text.substring(0, text.length() / 2),
                    hex + "\r\n" + text + "0\r\n\r\n",
                    "1\r\n" + text + "\r\n0\r\n\r\n",
                    hex + "\r\n" + text + "\r\n0\r\nX-Trailer: 1\r\n\r\n",
                    hex + "\n" + text + "\n0\n\n",
                    " " + hex + " \r\n" + text + "\r\n0\r\n\r\n",
                    "0\r\n\r\n" + text,
                });
                if (c.random.nextBoolean()) {
                    c.r.headers.add("Content-Length: " + body.length);
                }
            }),
            of(c -> {
                c.tag("transfer-encoding");
                c.r.framing = "none";
                c.header("Transfer-Encoding", c.pick(new String[] {"gzip", "chunked, gzip", "identity", "x", "chunked;q=1",
                    "", "gzip, chunked", "Chunked"}));
            }),
            of(c -> {
                c.tag("content-encoding");
                String encoding = c.pick(new String[] {"gzip", "gzip", "deflate", "br", "gzip, gzip", "x", "", "identity"});
                c.header("Content-Encoding", encoding);
                if (c.r.body != null && c.random.nextBoolean()) {
                    byte[] gz = gzip(c.r.body);
                    c.r.body = c.random.nextBoolean() ? gz : Arrays.copyOf(gz, Math.max(1, c.random.nextInt(gz.length)));
                }
            }),
            of(c -> {
                c.tag("authorization");
                String[] values = {null, "Basic", "Basic !!!", "Basic " + b64("nocolon"), "Bearer x", "Basic " + b64(":"),
                    "Basic " + b64("nobody:x"), "Basic " + b64("\u00ff\u0000:\u00fe"), "Basic " + "A".repeat(6000),
                    "basic " + b64(user(c.w) + ":" + password(c.w)), "Basic  " + b64(user(c.w) + ":" + password(c.w)),
                    "Digest x", "Basic " + b64(user(OTHER) + ":" + password(OTHER))};
                String value = c.pick(values);
                if (c.random.nextInt(4) == 0 && c.spendHash()) {
                    value = "Basic " + b64(user(c.w) + ":wrong-" + c.random.nextInt(1000));
                    c.tag("wrong-password");
                }
                c.header("Authorization", value);
            }),
            of(c -> {
                c.tag("api-key");
                String[] values = {null, "", "short", apiKey(OTHER), publishableKey(c.w), "x".repeat(500), "\u00e6\u00f8"};
                String value = c.pick(values);
                if (c.random.nextInt(4) == 0 && c.spendHash()) {
                    value = apiKey(c.w).substring(0, 8) + "-wrong-wrong-wrong";
                    c.tag("wrong-key");
                }
                c.header("X-API-KEY", value);
            }),
            of(c -> {
                c.tag("api-key-query");
                c.r.target = c.r.target + (c.r.target.contains("?") ? "&" : "?") + "api_key="
                        + c.pick(new String[] {"", "%00", "x", apiKey(c.w), "%zz"});
            }),
            of(c -> {
                c.tag("ssasid");
                c.header("x-ssasid", c.pick(SSASIDS));
            }),
            of(c -> {
                c.tag("visitor-id");
                String id = c.pick(new String[] {"a\\u0000b", "a\\r\\nSet-Cookie: x=y", "v1; Domain=evil.example; Max-Age=0",
                    "x".repeat(300), "", "\\u00e6", "a b", "a,b"});
                if (c.r.body != null && c.random.nextBoolean()) {
                    String body = new String(c.r.body, StandardCharsets.UTF_8);
                    c.r.body = body.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement("{\"ssasid\":\"" + id + "\","))
                            .getBytes(StandardCharsets.UTF_8);
                } else {
                    c.r.target = c.r.target + (c.r.target.contains("?") ? "&" : "?") + "ssasid="
                            + c.pick(new String[] {"%00", "a%0d%0aSet-Cookie:%20x=y", "v1;%20Domain=evil", "%22", "x".repeat(300)});
                }
            }),
            of(c -> {
                c.tag("cookie");
                c.header("Cookie", c.pick(COOKIES));
            }),
            of(c -> {
                c.tag("origin");
                c.header("Origin", c.pick(new String[] {"null", "https://evil.test", "", ORIGIN + "/", "http://shop.test",
                    ORIGIN.toUpperCase(), "*"}));
            }),
            of(c -> {
                c.tag("accept");
                c.header("Accept", c.pick(new String[] {"application/xml;q=x", "*/*;;", "text/html", "", ";",
                    "application/json;q=0", "a/b;c"}));
            }),
            of(c -> {
                c.tag("expect");
                c.header("Expect", c.pick(new String[] {"100-continue", "junk", ""}));
            }),
            of(c -> {
                c.tag("host");
                c.header("Host", c.pick(new String[] {null, "", "a:b", "[::1", "localhost:99999", "a b"}));
                if (c.random.nextInt(3) == 0) {
                    c.r.headers.add("Host: second");
                }
            }),
            of(c -> {
                c.tag("header-junk");
                c.r.headers.add(c.pick(new String[] {"X-A: a\u0001b", "X-A: a\r\n b", "NoColon", "X A: b", ": empty",
                    "X-A:\u00ff", "X-Long: " + "v".repeat(20_000), "Connection: upgrade", "Upgrade: h2c",
                    "Connection: keep-alive, x", "X-A: \u0000", "Content-Type: application/json"}));
            }),
            // bodies
            of(c -> {
                c.tag("body-truncated");
                if (c.r.body != null && c.r.body.length > 0) {
                    c.r.body = Arrays.copyOf(c.r.body, c.random.nextInt(c.r.body.length));
                }
            }),
            of(c -> {
                c.tag("body-garbage");
                byte[] junk = new byte[1 + c.random.nextInt(200)];
                c.random.nextBytes(junk);
                c.r.body = junk;
            }),
            of(c -> {
                c.tag("body-special");
                c.r.body = bytes(c.pick(new String[] {"", "null", "[]", "\"s\"", "\u00ef\u00bb\u00bf{}", "{\"a\":1",
                    "\u00ff\u00fe{\u0000}\u0000", "{\u0000}", "{\"service\":\"\u00c3\"}", "<x/>", "1", "{} {}", "{}}",
                    "{\"service\":" + "1".repeat(500) + "}"}));
            }),
            of(c -> {
                c.tag("trailing-json");
                if (c.r.body != null) {
                    String body = new String(c.r.body, StandardCharsets.UTF_8);
                    c.r.body = (body + c.pick(new String[] {" ]]", body, " x", ",", "\u0000"})).getBytes(StandardCharsets.UTF_8);
                }
            }),
            of(c -> {
                c.tag("wrong-type");
                if (c.r.body != null) {
                    String body = new String(c.r.body, StandardCharsets.UTF_8);
                    // replace one JSON value (a string, a number or an array) by a value of another type
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\"[^\"]*\"|\\d+|\\[[^\\[\\]]*\\])")
                            .matcher(body);
                    List<int[]> spans = new ArrayList<>();
                    while (m.find()) {
                        spans.add(new int[] {m.start(1), m.end(1)});
                    }
                    if (!spans.isEmpty()) {
                        int[] span = spans.get(c.random.nextInt(spans.size()));
                        body = body.substring(0, span[0]) + c.pick(WRONG_TYPES) + body.substring(span[1]);
                        c.r.body = body.getBytes(StandardCharsets.UTF_8);
                    }
                }
            }),
            of(c -> {
                c.tag("huge-id");
                if (c.r.body != null) {
                    String body = new String(c.r.body, StandardCharsets.UTF_8);
                    String id = "\"" + "h".repeat(c.pick(new Integer[] {201, 1001, 70_000})) + "\"";
                    String replaced = body.replaceFirst("\"(p1|c3|u1|v2|p3|p9|apron|ap)\"", java.util.regex.Matcher.quoteReplacement(id));
                    c.r.body = replaced.getBytes(StandardCharsets.UTF_8);
                }
            }),
            of(c -> {
                c.tag("deep-nesting");
                int depth = c.pick(new Integer[] {100, 2000, 50_000});
                String open = c.random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                c.r.body = bytes("{\"service\":\"" + service(c.w) + "\",\"updates\":" + open.repeat(depth) + "1"
                        + close.repeat(depth) + "}");
            }),
            of(c -> {
                c.tag("body-xml");
                c.r.body = bytes(c.pick(new String[] {
                    "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><dataset>&e;</dataset>",
                    "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
                            + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><dataset>&c;</dataset>",
                    "<dataset xmlns=\"urn:other\" version=\"1.0\"/>", "<dataset", "\u001f\u008b\u0008\u0000junk",
                    "<?xml version=\"1.0\" encoding=\"nope\"?><dataset/>"}));
            }));

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Row counts of a service's data in every table that has a service column. */
    static long[] counts(Connection db, String service) throws SQLException {
        String[] tables = {"events", "links", "products", "imports", "event_blocks", "event_ids", "service_settings",
            "service_users", "service_origins"};
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < tables.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("(SELECT COUNT(*) FROM ").append(tables[i]).append(" WHERE service = ?)");
        }
        sql.append(", (SELECT COUNT(*) FROM services)");
        try (PreparedStatement p = db.prepareStatement(sql.toString())) {
            for (int i = 0; i < tables.length; i++) {
                p.setString(i + 1, service);
            }
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                long[] counts = new long[tables.length + 1];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = rs.getLong(i + 1);
                }
                return counts;
            }
        }
    }

    static String printable(byte[] raw, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < raw.length && b.length() < max; i++) {
            int c = raw[i] & 0xff;
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c >= 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.append((char) c);
            }
        }
        return raw.length > max ? b + "...(" + raw.length + " bytes)" : b.toString();
    }
}
