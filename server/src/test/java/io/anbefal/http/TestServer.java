package io.anbefal.http;

import io.anbefal.AnbefalServer;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/** A real server on a free loopback port over a real H2 file database, and a small HTTP client for it. */
public final class TestServer implements AutoCloseable {

    public static final String USER = "username";
    public static final String PASSWORD = "password";
    public static final String ORIGIN = "http://shop.test:8081";

    private final AnbefalServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    /** Starts a server whose services each have the user username:password and allow {@link #ORIGIN}. */
    public TestServer(Path dataDir, String... services) {
        this(AnbefalServer.Settings.forTest(dataDir), services);
    }

    public TestServer(AnbefalServer.Settings settings, String... services) {
        server = AnbefalServer.start(settings);
        for (String service : services) {
            server.anbefal().services().add(service, USER, PASSWORD, List.of(ORIGIN));
        }
    }

    public AnbefalServer server() {
        return server;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A request builder with basic auth as username:password. */
    public HttpRequest.Builder authed(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", basic(USER, PASSWORD));
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path)));
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST with basic auth. */
    public Response post(String path, String body) {
        return send(authed(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** One update of one customer's items through {@code /recapi/1.0/update}; expects 200. */
    public void update(String service, String customer, String what, String... items) {
        StringBuilder ids = new StringBuilder();
        for (String item : items) {
            ids.append(ids.isEmpty() ? "" : ",").append('"').append(item).append('"');
        }
        Response r = post("/recapi/1.0/update", "{\"service\":\"" + service + "\",\"updates\":[{\"customer\":\""
                + customer + "\",\"entityIDs\":[" + ids + "],\"what\":\"" + what + "\"}]}");
        if (r.status() != 200) {
            throw new AssertionError("update answered " + r);
        }
    }

    /** GET with basic auth. */
    public Response get(String path) {
        return send(authed(path).GET().build());
    }

    @Override
    public void close() {
        server.close();
    }

    /** A response with its body parsed as JSON when it is JSON. */
    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            try {
                return Payloads.JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + raw.statusCode() + "): " + raw.body(), e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}
