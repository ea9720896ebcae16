package io.anbefal.ops;

import io.anbefal.app.AnbefalException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The documentation page {@code /docs/index.html}: the OpenAPI document of {@code /openapi} rendered by Swagger UI,
 * which comes from its webjar in the jar (no CDN). Only the few files the page needs are served.
 */
final class DocsPage {

    static final String PATH = "/docs";
    private static final String PAGE = "io/anbefal/ops/docs-index.html";
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui-bundle.js", "text/javascript; charset=UTF-8",
            "swagger-ui.css", "text/css; charset=UTF-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");
    private final String webjar = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";

    void routing(HttpRouting.Builder routing) {
        routing.get(PATH, (req, res) -> {
                    res.status(io.helidon.http.Status.MOVED_PERMANENTLY_301);
                    res.header(HeaderNames.LOCATION, PATH + "/index.html");
                    res.send();
                })
                .get(PATH + "/", (req, res) -> send(res, PAGE, "text/html; charset=UTF-8"))
                .get(PATH + "/index.html", (req, res) -> send(res, PAGE, "text/html; charset=UTF-8"))
                .get(PATH + "/swagger-ui/{file}", this::asset);
    }

    private void asset(ServerRequest req, ServerResponse res) {
        String file = req.path().pathParameters().get("file");
        String type = ASSETS.get(file);
        if (type == null) {
            throw AnbefalException.notFound("no such file: " + PATH + "/swagger-ui/" + file);
        }
        send(res, webjar + file, type);
    }

    private static void send(ServerResponse res, String resource, String type) {
        try (InputStream in = DocsPage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw AnbefalException.notFound("not in this build: " + resource);
            }
            res.header(HeaderNames.CONTENT_TYPE, type);
            res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "public, max-age=3600"));
            res.send(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Swagger UI webjar's version, from its Maven properties (so that a version bump is only the pom's). */
    static String swaggerUiVersion() {
        try (InputStream in = DocsPage.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The swagger-ui webjar is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
