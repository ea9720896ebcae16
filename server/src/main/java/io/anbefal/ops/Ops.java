package io.anbefal.ops;

import io.anbefal.app.Anbefal;
import io.anbefal.app.Telemetry;
import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Store;
import io.helidon.health.HealthCheck;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.accesslog.AccessLogFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's side of a node, wired with Helidon's own parts: liveness and readiness under
 * {@code /observe/health} ({@link HealthChecks}), metrics in the Prometheus text format at
 * {@code /observe/metrics} ({@link OpsTelemetry}, {@link RequestMetrics}), the OpenAPI document at {@code /openapi}
 * (a static file), the documentation page {@code /docs/index.html} ({@link DocsPage}), and the access log (off
 * unless asked for). See docs/operations.md.
 */
public final class Ops {

    /** Where the observe endpoints live: {@code /observe/health}, {@code /observe/metrics}. */
    public static final String OBSERVE = "/observe";
    /** The OpenAPI document in the jar, served at {@code /openapi}. */
    public static final String OPENAPI_FILE = "META-INF/openapi.yaml";

    /**
     * How to run it.
     *
     * @param accessLog    whether requests are logged in the common log format (logger {@code io.helidon.webserver.AccessLog})
     * @param snapshotFile the model snapshot, for its age and size
     */
    public record Settings(boolean accessLog, Path snapshotFile) {
    }

    private final Settings settings;
    private final MeterRegistry registry;
    private final OpsTelemetry telemetry;
    /**
     * Helidon keeps one meter registry per JVM (the global one): a node's counters and timers go there, and its
     * gauges read the node started last, which is the only one outside tests.
     */
    private static final java.util.concurrent.atomic.AtomicReference<Ops> CURRENT = new java.util.concurrent.atomic.AtomicReference<>();
    private static final Set<String> GAUGED_SERVICES = ConcurrentHashMap.newKeySet();
    private volatile Anbefal anbefal;
    private volatile Store store;
    private volatile RouteTable routes = RouteTable.of(r -> { });

    public Ops(Settings settings) {
        this.settings = settings;
        this.registry = MetricsFactory.getInstance().globalRegistry(); // with the JVM's meters (system meters)
        this.telemetry = new OpsTelemetry(registry, () -> {
            Ops o = CURRENT.get();
            return o == null ? null : o.telemetry;
        });
        CURRENT.set(this);
        registry.getOrCreate(Gauge.builder("anbefal.snapshot.bytes", () -> snapshotFact(true))
                .description("Size of the model snapshot file (the learnt models of every service, with links)"));
        registry.getOrCreate(Gauge.builder("anbefal.snapshot.age.seconds", () -> snapshotFact(false))
                .description("Seconds since the model snapshot file was written (NaN: none)"));
    }

    private static double snapshotFact(boolean size) {
        Ops o = CURRENT.get();
        Path file = o == null ? null : o.settings.snapshotFile();
        try {
            if (file == null || !java.nio.file.Files.isRegularFile(file)) {
                return Double.NaN;
            }
            return size ? java.nio.file.Files.size(file)
                    : OpsTelemetry.age(java.nio.file.Files.getLastModifiedTime(file).toMillis());
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }

    /** What the application tells as it works; give it to {@link Anbefal}'s constructor. */
    public Telemetry telemetry() {
        return telemetry;
    }

    public OpsTelemetry state() {
        return telemetry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The application and store that readiness checks and the engine gauges read. */
    public void bind(Anbefal anbefal, Store store, RouteTable routes) {
        this.anbefal = anbefal;
        this.store = store;
        this.routes = routes;
    }

    /** The Helidon features of the API listener: observe (health, metrics), OpenAPI, and the access log if on. */
    public void features(WebServerConfig.Builder server) {
        List<HealthCheck> checks = new HealthChecks(this).all();
        HealthObserver health = HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .healthChecks(checks)
                .build();
        MetricsObserver metrics = MetricsObserver.builder().meterRegistry(registry).build();
        server.featuresDiscoverServices(false)
                .addFeature(ObserveFeature.builder()
                        .endpoint(OBSERVE)
                        .weight(OBSERVE_WEIGHT)
                        .sockets(List.of(WebServer.DEFAULT_SOCKET_NAME))
                        .addObserver(health)
                        .addObserver(metrics)
                        .build())
                .addFeature(OpenApiFeature.builder()
                        .staticFile(OPENAPI_FILE)
                        .weight(OBSERVE_WEIGHT)
                        .sockets(Set.of(WebServer.DEFAULT_SOCKET_NAME))
                        .build());
        if (settings.accessLog()) {
            server.addFeature(AccessLogFeature.builder()
                    .commonLogFormat()
                    .sockets(Set.of(WebServer.DEFAULT_SOCKET_NAME))
                    .build());
        }
    }

    /**
     * Above the application's routing (weight 100) so that its 404 fallback does not hide them; below Helidon's
     * context and access-log features.
     */
    private static final double OBSERVE_WEIGHT = 150;

    /**
     * What the API routing gets from here, before the application's routes: request metrics, the start-up gate
     * (503 while the engine is brought up to date), and the documentation page.
     */
    public void routing(HttpRouting.Builder routing) {
        routing.addFilter(new RequestMetrics(this));
        new DocsPage().routing(routing);
    }

    RouteTable routes() {
        return routes;
    }

    Anbefal anbefal() {
        return anbefal;
    }

    Store store() {
        return store;
    }

    Path snapshotFile() {
        return settings.snapshotFile();
    }

    /** Registers the engine-size gauges of services not yet gauged (a scrape calls it first). */
    void gaugeServices() {
        Store s = store;
        Anbefal a = anbefal;
        if (s == null || a == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        try {
            for (ServiceAccount account : s.services()) {
                names.add(account.name());
            }
        } catch (RuntimeException e) {
            return; // the database is down: readiness says so; the gauges that exist still answer
        }
        for (String name : names) {
            if (GAUGED_SERVICES.add(name)) {
                List<Tag> tags = List.of(Tag.create("service", name));
                gauge("anbefal.engine.persons", "Distinct persons in the service's model", tags, name,
                        (engine, account) -> engine.status(account).customers());
                gauge("anbefal.engine.items", "Distinct items (entities) in the service's model", tags, name,
                        (engine, account) -> engine.status(account).entities());
                gauge("anbefal.engine.events", "Updates the service's model has learnt", tags, name,
                        (engine, account) -> engine.status(account).updates());
                gauge("anbefal.engine.model.bytes", "An estimate of the memory of the service's model (arrays and"
                        + " objects), in bytes", tags, name, Anbefal::modelBytes);
                String since = " (since the service's settings were last set or its model read anew)";
                gauge("anbefal.engine.answer.cache.hits", "Answers the engine's answer cache reused" + since, tags,
                        name, (engine, account) -> engine.answerCache(account).hits());
                gauge("anbefal.engine.answer.cache.misses", "Answers the engine computed after looking in its answer"
                        + " cache" + since, tags, name, (engine, account) -> engine.answerCache(account).misses());
            }
        }
    }

    /** A gauge of one service's figure, read at each scrape; NaN once the service is gone. */
    private void gauge(String metric, String description, List<Tag> tags, String service,
                       java.util.function.ToLongBiFunction<Anbefal, ServiceAccount> value) {
        registry.getOrCreate(Gauge.builder(metric, () -> {
                    try {
                        Anbefal a = CURRENT.get().anbefal;
                        return (double) value.applyAsLong(a, a.service(service));
                    } catch (RuntimeException e) {
                        return Double.NaN; // the service is gone
                    }
                })
                .description(description)
                .tags(tags));
    }
}
