package io.anbefal.ops;

import io.anbefal.http.Http;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A filter over the whole API listener: times every request into {@code anbefal_http_requests_seconds} by route
 * (the template from the {@link RouteTable}, never the raw path), method and status class, counts 4xx answers
 * into {@code anbefal_http_rejected_total} by cause, and while the engine is being brought up to date answers
 * the API with 503 (the observe endpoints, {@code /health}, {@code /openapi} and {@code /docs} stay open).
 */
final class RequestMetrics implements Filter {

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    /** The cause label of each 4xx status (the statuses {@code AnbefalException.Kind} maps to, and Miso's 422). */
    private static final Map<Integer, String> CAUSES = Map.ofEntries(
            Map.entry(400, "bad_input"), Map.entry(401, "unauthenticated"), Map.entry(403, "forbidden"),
            Map.entry(404, "not_found"), Map.entry(405, "method_not_allowed"), Map.entry(408, "timeout"),
            Map.entry(413, "too_large"), Map.entry(415, "unsupported_media_type"), Map.entry(422, "invalid"),
            Map.entry(429, "too_many_requests"));

    private final Ops ops;

    RequestMetrics(Ops ops) {
        this.ops = ops;
    }

    /** The route label of an operator's path, or null for the API's. */
    static String opsRoute(String path) {
        if (path.equals("/health")) {
            return "/health";
        }
        if (path.startsWith(Ops.OBSERVE + "/health")) {
            return Ops.OBSERVE + "/health";
        }
        if (path.startsWith(Ops.OBSERVE + "/metrics")) {
            return Ops.OBSERVE + "/metrics";
        }
        if (path.startsWith(Ops.OBSERVE)) {
            return Ops.OBSERVE;
        }
        if (path.startsWith("/openapi")) {
            return "/openapi";
        }
        if (path.startsWith(DocsPage.PATH)) {
            return DocsPage.PATH;
        }
        return null;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long t0 = System.nanoTime();
        String method = req.prologue().method().text();
        String path = req.path().absolute().path();
        String opsRoute = opsRoute(path);
        String route = opsRoute != null ? opsRoute : ops.routes().match(method, path);
        AtomicBoolean recorded = new AtomicBoolean();
        res.whenSent(() -> {
            if (recorded.compareAndSet(false, true)) {
                record(route, method, res.status().code(), System.nanoTime() - t0);
            }
        });
        if (opsRoute == null && ops.state().replaying()) {
            OpsTelemetry s = ops.state();
            res.header(HeaderNames.RETRY_AFTER, "5");
            String text = "starting: the engine is being brought up to date (" + s.replayDone() + " of "
                    + s.replayTotal() + " updates); try again shortly";
            if (Http.isMiso(req)) {
                Http.misoError(res, Status.SERVICE_UNAVAILABLE_503, text);
            } else {
                Http.error(res, Status.SERVICE_UNAVAILABLE_503, text);
            }
            return;
        }
        if (route.equals(Ops.OBSERVE + "/metrics")) {
            ops.gaugeServices();
        }
        chain.proceed();
    }

    private void record(String route, String method, int status, long nanos) {
        var registry = ops.registry();
        List<Tag> tags = List.of(Tag.create("route", route), Tag.create("method", method),
                Tag.create("status", status / 100 + "xx"));
        registry.getOrCreate(Timer.builder("anbefal.http.requests")
                        .description("HTTP requests by route template, method and status class")
                        .percentiles(new double[0])
                        .buckets(BUCKETS)
                        .tags(tags))
                .record(nanos, TimeUnit.NANOSECONDS);
        String cause = status >= 400 && status < 500 ? CAUSES.getOrDefault(status, "other_4xx")
                : status == 503 && route != null && opsRoute(route) == null ? "not_ready" : null;
        if (cause != null) {
            registry.getOrCreate(Counter.builder("anbefal.http.rejected")
                            .description("Requests answered with a 4xx (or 503 while starting), by route and cause")
                            .tags(List.of(Tag.create("route", route), Tag.create("cause", cause))))
                    .increment();
        }
    }
}
