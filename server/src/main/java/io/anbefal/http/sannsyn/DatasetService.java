package io.anbefal.http.sannsyn;

import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.app.AnbefalException.Kind;
import io.anbefal.dataset.DatasetException;
import io.anbefal.dataset.DatasetLoader;
import io.anbefal.dataset.DatasetSchema;
import io.anbefal.dataset.DatasetTargets;
import io.anbefal.http.BasicAuth;
import io.anbefal.http.Http;
import io.anbefal.http.Protocol;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Datasets over HTTP, beside {@code /recapi/1.0}: {@code GET /schema} publishes the XSD (no auth), and
 * {@code POST /dataset?service=S} (basic auth) loads a dataset. The body (XML, gzipped or not; a gzipped body is
 * recognised by its magic number, so {@code Content-Encoding: gzip} works whether or not the server decoded it)
 * is spooled to a temporary file, validated whole, and only then loaded through the application, so the running
 * engine learns it at once. An invalid body loads nothing and answers 400 with line and column.
 */
public final class DatasetService implements HttpService {

    /** The largest dataset body accepted, in bytes as sent. */
    public static final long MAX_BODY = 32L << 30;
    private static final Set<String> TYPES = Set.of("application/xml", "text/xml", "application/gzip",
            "application/x-gzip", "application/octet-stream");

    private final Anbefal anbefal;
    private final DatasetLoader loader = new DatasetLoader();

    public DatasetService(Anbefal anbefal) {
        this.anbefal = anbefal;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/schema", this::schema)
                .post("/dataset", this::load);
    }

    private void schema(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/xml");
        Protocol.send(res, DatasetSchema.bytes());
    }

    private void load(ServerRequest req, ServerResponse res) {
        String service = req.query().first("service").orElse("");
        if (service.isEmpty()) {
            throw AnbefalException.badInput("the query parameter service is missing: POST /recapi/1.0/dataset?service=NAME");
        }
        authorize(req, service);
        Optional<HttpMediaType> type = Protocol.contentType(req);
        if (type.isPresent() && !TYPES.contains(type.get().mediaType().text().toLowerCase())) {
            throw new AnbefalException(Kind.UNSUPPORTED_MEDIA_TYPE, "content type " + type.get().mediaType().text()
                    + " is not supported: send the dataset as application/xml (gzipped or not)");
        }
        Path spool = null;
        try {
            spool = Files.createTempFile("anbefal-dataset-", ".xml");
            spool(req, spool);
            DatasetLoader.Summary s = loader.load(spool, DatasetTargets.application(anbefal, service),
                    DatasetLoader.Progress.NONE);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("statusOK", true);
            body.put("text", String.format("Loaded %d events (%d updates, %d items) and %d links", s.events(),
                    s.updates(), s.items(), s.links()));
            body.put("updates", s.updates());
            body.put("items", s.items());
            body.put("links", s.links());
            Http.json(res, body);
        } catch (DatasetException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("statusOK", false);
            body.put("text", "invalid dataset, nothing was loaded: " + e.describe());
            body.put("line", e.line());
            body.put("column", e.column());
            Http.json(res, Status.BAD_REQUEST_400, body);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof java.util.zip.ZipException || e.getCause() instanceof java.io.EOFException)) {
                throw e;
            }
            Http.error(res, Status.BAD_REQUEST_400, "invalid dataset, nothing was loaded: the body starts as gzip"
                    + " data but is not whole gzip data (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private static void spool(ServerRequest req, Path file) throws IOException {
        if (!req.content().hasEntity()) {
            throw AnbefalException.badInput("the request has no body: send the dataset XML as the body");
        }
        InputStream in = req.content().inputStream();
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = read(req, in, buffer)) > 0) {
                total += n;
                if (total > MAX_BODY) {
                    throw new AnbefalException(Kind.TOO_LARGE, "the dataset is larger than " + MAX_BODY + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        // closed only once read whole: closing after a failed read would read on through a broken framing
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            throw Protocol.unreadable(req, e);
        }
    }

    /** A read of the body; a body that cannot be read (bad framing, not gzip) is the client's 4xx. */
    private static int read(ServerRequest req, InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException | RuntimeException e) {
            throw Protocol.unreadable(req, e);
        }
    }

    /** 401 for missing or wrong credentials, 404 for an unknown service, 403 for another service's credentials. */
    private void authorize(ServerRequest req, String service) {
        BasicAuth.authorize(anbefal, req, service);
    }
}
