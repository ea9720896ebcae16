package io.anbefal.demo;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** The shop's static files (CSS, scripts, icon), read once from the class path and served with an ETag. */
final class Assets {

    private static final Map<String, String> FILES = Map.of(
            "shop.css", "text/css; charset=UTF-8",
            "shop.js", "text/javascript; charset=UTF-8",
            "stats.js", "text/javascript; charset=UTF-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, byte[]> content;

    Assets() {
        var loaded = new java.util.HashMap<String, byte[]>();
        for (String name : FILES.keySet()) {
            String path = "/io/anbefal/demo/static/" + name;
            try (InputStream in = Assets.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + path);
                }
                loaded.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        content = Map.copyOf(loaded);
    }

    void serve(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("file");
        byte[] bytes = content.get(name);
        if (bytes == null) {
            DemoShop.error(res, Status.NOT_FOUND_404, "no static file " + name);
            return;
        }
        sendCached(req, res, FILES.get(name), bytes, "no-cache");
    }

    /** Sends bytes with an ETag, or 304 when the browser already has them. */
    static void sendCached(ServerRequest req, ServerResponse res, String type, byte[] bytes, String cacheControl) {
        String etag = "\"" + hash(bytes) + "\"";
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.CACHE_CONTROL, cacheControl);
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(v -> v.contains(etag)).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.send(bytes);
    }

    private static String hash(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
