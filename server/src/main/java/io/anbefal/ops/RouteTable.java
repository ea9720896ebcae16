package io.anbefal.ops;

import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The routes a routing registers, read from the very wiring that registers them: {@link #of} runs a routing
 * function (such as {@code Routes.api}) against a recording {@link HttpRouting.Builder} that asks every
 * registered {@link HttpService} for its rules and writes down each method and path. Handlers are never called.
 * Request metrics label a request with the route it matched ({@link #match}), and a test checks the OpenAPI
 * document against the table, so a route added to the wiring shows in both without another list to keep.
 *
 * <p>{@code any(...)} rules (CORS filters, the 405 answers, the 404 fallback) are not routes of their own.
 */
public final class RouteTable {

    /** One route: an HTTP method and a path template such as {@code /recapi/1.0/stats/{service}}. */
    public record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }

        /**
         * Whether this route serves the documented operation {@code method path} (an OpenAPI template): the same
         * template, or, for a route whose last parameter takes the rest of the path ({@code {+ids}}, ids read
         * from the raw path), any template whose segments that parameter covers.
         */
        public boolean serves(String method, String documented) {
            if (!this.method.equals(method)) {
                return false;
            }
            if (path.equals(documented)) {
                return true;
            }
            return path.contains("{+") && documented.replaceAll("\\{[^}/]+}", "x").matches(regex(path));
        }
    }

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "head", "options", "trace", "patch");

    private final List<Route> routes;
    private final List<Pattern> patterns;

    /**
     * {@code METHOD path} of each route without parameters that no earlier route matches: its label without
     * trying the patterns in turn (a request to {@code POST /recapi/1.0/recommend} tried a dozen of them).
     */
    private final java.util.Map<String, String> literal = new java.util.HashMap<>();

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        this.patterns = this.routes.stream().map(r -> Pattern.compile(regex(r.path()))).toList();
        for (int i = 0; i < this.routes.size(); i++) {
            Route r = this.routes.get(i);
            if (!r.path().contains("{") && first(r.method(), r.path()) == i) {
                literal.putIfAbsent(r.method() + " " + r.path(), r.path());
            }
        }
    }

    /** The index of the first route that the patterns match, or -1. */
    private int first(String method, String p) {
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            if ((r.method().equals(method) || "HEAD".equals(method) && "GET".equals(r.method()))
                    && patterns.get(i).matcher(p).matches()) {
                return i;
            }
        }
        return -1;
    }

    /** The routes that {@code wiring} registers on a routing. */
    public static RouteTable of(Consumer<HttpRouting.Builder> wiring) {
        Set<Route> found = new LinkedHashSet<>();
        wiring.accept(recorder(HttpRouting.Builder.class, "", found));
        return new RouteTable(new ArrayList<>(found));
    }

    public List<Route> routes() {
        return routes;
    }

    /**
     * The route template a request path and method match, or {@code "other"} (unknown paths, 405s): a label of
     * bounded cardinality for metrics.
     */
    public String match(String method, String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String known = "HEAD".equals(method) ? null : literal.get(method + " " + p);
        if (known != null) {
            return known;
        }
        int i = first(method, p);
        return i < 0 ? "other" : routes.get(i).path();
    }

    private static String regex(String template) {
        StringBuilder re = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=})")) {
            // {name} is one segment; {+name} the rest of the path (the ids a handler reads from the raw path)
            re.append(part.startsWith("{+") && part.endsWith("}") ? ".+"
                    : part.startsWith("{") && part.endsWith("}") ? "[^/]+" : Pattern.quote(part));
        }
        return re.toString();
    }

    private static String join(String prefix, String path) {
        if (path == null || path.isEmpty() || "/".equals(path)) {
            return prefix.isEmpty() ? "/" : prefix;
        }
        return prefix + (path.startsWith("/") ? path : "/" + path);
    }

    @SuppressWarnings("unchecked")
    private static <T> T recorder(Class<T> type, String prefix, Set<Route> found) {
        InvocationHandler h = (proxy, m, args) -> {
            String name = m.getName();
            Class<?>[] types = m.getParameterTypes();
            if ("register".equals(name) && types.length == 2 && types[0] == String.class
                    && types[1] == HttpService[].class) {
                for (HttpService s : (HttpService[]) args[1]) {
                    s.routing(recorder(HttpRules.class, join(prefix, (String) args[0]), found));
                }
                return proxy;
            }
            if ("register".equals(name) && types.length == 1 && types[0] == HttpService[].class) {
                for (HttpService s : (HttpService[]) args[0]) {
                    s.routing(recorder(HttpRules.class, prefix, found));
                }
                return proxy;
            }
            if (METHODS.contains(name) && types.length == 2 && types[0] == String.class) {
                found.add(new Route(name.toUpperCase(java.util.Locale.ROOT), join(prefix, (String) args[0])));
                return proxy;
            }
            if (METHODS.contains(name) && types.length == 1) {
                found.add(new Route(name.toUpperCase(java.util.Locale.ROOT), join(prefix, "")));
                return proxy;
            }
            if ("route".equals(name) && types.length == 3 && types[0] == Method.class && types[1] == String.class) {
                found.add(new Route(((Method) args[0]).text(), join(prefix, (String) args[1])));
                return proxy;
            }
            if ("route".equals(name)) {
                throw new IllegalStateException("RouteTable cannot read a route given as " + m
                        + "; register it with get/post/put/delete(path, handler)");
            }
            if (m.isDefault() && m.getReturnType().isInstance(proxy) && !"any".equals(name)) {
                return InvocationHandler.invokeDefault(proxy, m, args);
            }
            if (m.getDeclaringClass() == Object.class) {
                return switch (name) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "RouteTable recorder " + prefix;
                };
            }
            // any(...), filters, error handlers, features: not routes
            return m.getReturnType().isInstance(proxy) ? proxy : null;
        };
        return (T) Proxy.newProxyInstance(RouteTable.class.getClassLoader(), new Class<?>[]{type}, h);
    }
}
