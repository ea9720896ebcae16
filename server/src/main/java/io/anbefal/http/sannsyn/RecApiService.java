package io.anbefal.http.sannsyn;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.app.ExperimentReport;
import io.anbefal.app.Lengths;
import io.anbefal.app.ServiceStatus;
import io.anbefal.app.SnapshotState;
import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Stats;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.http.BasicAuth;
import io.anbefal.http.Http;
import io.anbefal.http.Payloads;
import io.anbefal.store.Limits;
import io.anbefal.store.Store;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The server-side API, {@code /recapi/1.0}, behind HTTP basic auth. */
public final class RecApiService implements HttpService {

    /** Where this API is registered. */
    public static final String PREFIX = "/recapi/1.0";

    private final Anbefal anbefal;
    private final long maxBody;
    private final SettingsService settings;

    public RecApiService(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.maxBody = maxBody;
        this.settings = new SettingsService(anbefal, maxBody);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/update", this::update)
                .put("/update", this::update)
                .any("/update", Http.allow("POST, PUT"))
                .post("/recommend", this::recommend)
                .any("/recommend", Http.allow("POST"))
                .put("/miprecommend", this::recommend)
                .any("/miprecommend", Http.allow("PUT"))
                // ids in paths are read from the raw path (Http.pathIds), so that an encoded slash stays in its id
                .get("/recommend/{+ids}", this::recommendPath)
                .any("/recommend/{+ids}", Http.allow("GET"))
                .get("/servicestatus/{+ids}", this::status)
                .any("/servicestatus/{+ids}", Http.allow("GET"))
                .get("/merge/{+ids}", this::merge)
                .any("/merge/{+ids}", Http.allow("GET"))
                .get("/stats/{+ids}", this::stats)
                .any("/stats/{+ids}", Http.allow("GET"))
                .get("/activity/{+ids}", this::activity)
                .any("/activity/{+ids}", Http.allow("GET"))
                .post("/erase", this::erase)
                .any("/erase", Http.allow("POST"))
                .get("/person/{+ids}", this::person)
                .any("/person/{+ids}", Http.allow("GET"))
                .get("/settings/{+ids}", settings::get)
                .put("/settings/{+ids}", settings::put)
                .any("/settings/{+ids}", Http.allow("GET, PUT"));
    }

    private void update(ServerRequest req, ServerResponse res) {
        BasicAuth.services(anbefal, req);
        JsonNode body = Payloads.object(Http.body(req, maxBody));
        String service = Payloads.service(body);
        authorize(req, service);
        anbefal.update(anbefal.service(service), Payloads.updates(body), null);
        Http.ok(res);
    }

    private void recommend(ServerRequest req, ServerResponse res) {
        BasicAuth.services(anbefal, req);
        byte[] bytes = Http.body(req, maxBody);
        Payloads.ServiceRecommend plain = Payloads.plainRecommend(bytes);
        if (plain != null) {
            authorize(req, plain.service());
            Http.sendRecommendation(res, anbefal.recommend(anbefal.service(plain.service()), plain.request(), null));
            return;
        }
        JsonNode body = Payloads.object(bytes);
        String service = Payloads.service(body);
        authorize(req, service);
        Http.sendRecommendation(res, anbefal.recommend(anbefal.service(service), Payloads.recommend(body), null));
    }

    private void recommendPath(ServerRequest req, ServerResponse res) {
        List<String> p = Http.pathIds(req, PREFIX + "/recommend", 4);
        String service = p.get(0);
        authorize(req, service);
        int num;
        try {
            num = Integer.parseInt(p.get(3));
        } catch (NumberFormatException e) {
            throw AnbefalException.badInput("num must be an integer from 1 to " + Payloads.MAX_NUM + ", not '" + p.get(3) + "'");
        }
        String recommender = Lengths.check("recommender", p.get(1), Limits.RECOMMENDER);
        String id = Lengths.check("id", p.get(2), Limits.ENTITY);
        RecommendRequest request = new RecommendRequest(recommender, List.of(id), List.of(), Payloads.num(num, "num"));
        Http.sendRecommendation(res, anbefal.recommend(anbefal.service(service), request, null));
    }

    private void status(ServerRequest req, ServerResponse res) {
        String service = Http.pathIds(req, PREFIX + "/servicestatus", 1).getFirst();
        authorize(req, service);
        io.anbefal.store.ServiceAccount account = anbefal.service(service);
        ServiceStatus s = anbefal.status(account);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("serviceName", s.serviceName());
        body.put("status", s.status());
        body.put("statusDescription", "serving recommendations and accepting updates");
        body.put("runningSince", s.runningSince().toString());
        body.put("numCustomers", s.customers());
        body.put("numEntities", s.entities());
        body.put("numUpdates", s.updates());
        SnapshotState snap = s.snapshot();
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("lastWritten", snap.written() == null ? null : snap.written().toString());
        snapshot.put("lastWrittenUpdates", snap.written() == null ? null : snap.writtenUpdates());
        snapshot.put("lastFailed", snap.failed() == null ? null : snap.failed().toString());
        snapshot.put("lastFailure", snap.failure());
        body.put("snapshot", snapshot);
        body.put("settingsProblems", s.settingsProblems());
        body.put("retention", retention(account));
        body.put("statusOK", true);
        Http.json(res, body);
    }

    /** The service's retention setting and the last pass this node ran over it (null: none since its start). */
    private Map<String, Object> retention(io.anbefal.store.ServiceAccount account) {
        Map<String, Object> r = new LinkedHashMap<>();
        double days = io.anbefal.app.Retention.days(account.settings()); // 0: keeps all (an invalid stored value too)
        r.put("days", days > 0 ? days : null);
        io.anbefal.app.Retention.Run run = anbefal.retention().lastRuns().get(account.name());
        r.put("lastRun", run == null ? null : java.time.Instant.ofEpochMilli(run.atMillis()).toString());
        r.put("lastCutoff", run == null ? null : java.time.Instant.ofEpochMilli(run.cutoffMillis()).toString());
        r.put("lastRemovedUpdates", run == null ? null : run.updates());
        return r;
    }

    private void merge(ServerRequest req, ServerResponse res) {
        List<String> p = Http.pathIds(req, PREFIX + "/merge", 3);
        String service = p.get(0);
        authorize(req, service);
        String newId = Lengths.check("newId", p.get(1), Limits.PERSON);
        String oldId = Lengths.check("oldId", p.get(2), Limits.PERSON);
        anbefal.link(anbefal.service(service), oldId, newId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", "Merged " + oldId + " into " + newId);
        body.put("statusOK", true);
        Http.json(res, body);
    }

    /**
     * {@code POST /recapi/1.0/erase {"service":S,"customerIDs":[...],"ssasids":[...]}}: the right to be forgotten.
     * Each id and every id linked to it leave the log, the links, the user records, the model and the snapshot
     * ({@link Anbefal#erase}); answers what was removed.
     */
    private void erase(ServerRequest req, ServerResponse res) {
        BasicAuth.services(anbefal, req);
        JsonNode body = Payloads.object(Http.body(req, maxBody));
        String service = Payloads.service(body);
        authorize(req, service);
        List<String> customers = Payloads.personIds(body, "customerIDs");
        List<String> visitors = Payloads.personIds(body, "ssasids");
        if (customers.isEmpty() && visitors.isEmpty()) {
            throw AnbefalException.badInput("customerIDs or ssasids is required: the ids to erase");
        }
        Store.Erasure erased = anbefal.erase(anbefal.service(service), customers, visitors);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("erasedIDs", List.copyOf(erased.persons()));
        answer.put("updates", erased.updates());
        answer.put("links", erased.links());
        answer.put("statusOK", true);
        Http.json(res, answer);
    }

    /** {@code GET /recapi/1.0/person/{service}/{id}}: an access request, the person's stored data as JSON. */
    private void person(ServerRequest req, ServerResponse res) {
        List<String> p = Http.pathIds(req, PREFIX + "/person", 2);
        String service = p.get(0);
        authorize(req, service);
        String id = Lengths.check("id", p.get(1), Limits.PERSON);
        Map<String, Object> data = new LinkedHashMap<>(anbefal.personalData(anbefal.service(service), id));
        Map<String, Object> records = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, String> texts = (Map<String, String>) data.get("userRecords");
        texts.forEach((user, json) -> records.put(user, Payloads.tree(json)));
        data.put("userRecords", records);
        data.put("statusOK", true);
        Http.json(res, data);
    }

    private void stats(ServerRequest req, ServerResponse res) {
        String service = Http.pathIds(req, PREFIX + "/stats", 1).getFirst();
        authorize(req, service);
        long from = time(req, "from", 0L);
        long to = time(req, "to", Long.MAX_VALUE);
        ServiceAccount account = anbefal.service(service);
        Stats stats = anbefal.stats(account, from, to);
        Http.json(res, StatsAnswer.of(service, from, to, stats, ExperimentReport.of(account.settings(), stats)));
    }

    /** The dashboard's default range: the last day. */
    private static final long DAY_MILLIS = 86_400_000L;

    /**
     * {@code GET /recapi/1.0/activity/{service}?from=&to=&buckets=&top=&tail=}: what the operator's dashboard plots
     * beside the statistics: entity-events per {@code what} in time buckets, the most exposed and most clicked
     * items, the latest updates, the settings (secrets masked) and the origins the service's credentials may be
     * used from.
     */
    private void activity(ServerRequest req, ServerResponse res) {
        String service = Http.pathIds(req, PREFIX + "/activity", 1).getFirst();
        authorize(req, service);
        long to = time(req, "to", System.currentTimeMillis());
        long from = time(req, "from", to - DAY_MILLIS);
        if (from >= to) {
            throw AnbefalException.badInput("from must be before to");
        }
        int buckets = count(req, "buckets", 48, 500);
        int top = count(req, "top", 10, 100);
        int tail = count(req, "tail", 20, 200);
        long bucketMillis = Math.max(1000, (to - from + buckets - 1) / buckets);
        io.anbefal.store.Activity a = anbefal.activity(anbefal.service(service), from, to, bucketMillis, top, tail);
        var account = anbefal.service(service);
        int n = (int) Math.max(1, (to - from + bucketMillis - 1) / bucketMillis);
        List<String> starts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            starts.add(Instant.ofEpochMilli(from + i * bucketMillis).toString());
        }
        Map<String, Object> series = new LinkedHashMap<>();
        a.series().forEach((what, counts) -> series.put(what, counts));
        List<Map<String, Object>> recent = new ArrayList<>();
        for (io.anbefal.store.Activity.RecentUpdate u : a.recent()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", Instant.ofEpochMilli(u.timeMillis()).toString());
            m.put("customer", u.person());
            m.put("entityIDs", u.entities());
            m.put("what", u.what());
            m.put("where", u.where());
            m.put("origin", u.origin());
            recent.add(m);
        }
        Map<String, Object> settings = new java.util.TreeMap<>();
        account.settings().forEach((k, v) -> settings.put(k, secretSetting(k) ? "(set, not shown)" : v));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("from", Instant.ofEpochMilli(from).toString());
        body.put("to", Instant.ofEpochMilli(to).toString());
        body.put("bucketSeconds", bucketMillis / 1000.0);
        body.put("buckets", starts);
        body.put("series", series);
        body.put("topExposed", itemCounts(a.exposed()));
        body.put("topClicked", itemCounts(a.clicked()));
        body.put("recent", recent);
        body.put("settings", settings);
        body.put("origins", account.origins());
        body.put("statusOK", true);
        Http.json(res, body);
    }

    /** Whether a setting holds a secret (the crec signing secret, any key), which the dashboard does not show. */
    static boolean secretSetting(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("secret") || k.contains("password") || k.endsWith("key");
    }

    private static List<Map<String, Object>> itemCounts(List<io.anbefal.store.Activity.ItemCount> counts) {
        List<Map<String, Object>> out = new ArrayList<>(counts.size());
        for (io.anbefal.store.Activity.ItemCount c : counts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.item());
            m.put("count", c.count());
            out.add(m);
        }
        return out;
    }

    /** A count query parameter from 1 to max. */
    private static int count(ServerRequest req, String name, int absent, int max) {
        var value = req.query().first(name);
        if (value.isEmpty() || value.get().isEmpty()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AnbefalException.badInput(name + " must be an integer from 1 to " + max + ", not '" + value.get() + "'");
    }

    /** A time query parameter: unix seconds or an ISO-8601 instant. */
    private static long time(ServerRequest req, String name, long absent) {
        var value = req.query().first(name);
        if (value.isEmpty() || value.get().isEmpty()) {
            return absent;
        }
        String v = value.get();
        try {
            return v.matches("\\d{1,12}") ? Long.parseLong(v) * 1000 : Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw AnbefalException.badInput(name + " must be unix seconds or an ISO-8601 instant such as"
                    + " 2026-11-22T00:00:00Z, not '" + v + "'");
        }
    }

    /** The services the request's credentials are valid for; 401 when there are none or they are wrong. */

    /** 401 for wrong credentials, 404 for an unknown service, 403 for valid credentials of another service. */
    private void authorize(ServerRequest req, String service) {
        BasicAuth.authorize(anbefal, req, service);
    }
}
