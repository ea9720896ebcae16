package io.anbefal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.AnbefalServer;
import io.anbefal.http.Payloads;
import io.anbefal.http.TestServer;
import io.anbefal.store.Database;
import io.anbefal.store.PostgresCluster;
import io.anbefal.store.Store;
import io.anbefal.store.UserCredential;
import io.anbefal.tenant.Passwords;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh database on the test PostgreSQL ({@link PostgresCluster#shared}) with one service (user u, password p),
 * and nodes on it: in this JVM ({@link #node}) or as child processes of {@code serve --database} ({@link #child}).
 */
final class PgNodes implements AutoCloseable {

    static final String USER = "u";
    static final String PASSWORD = "p";
    static final String AUTH = TestServer.basic(USER, PASSWORD);

    final String url;
    final String service;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    PgNodes(String service) {
        PostgresCluster cluster = PostgresCluster.shared();
        this.url = cluster.createDatabase();
        this.service = service;
        try (Store store = cluster.open(url)) {
            store.putService(service, List.of());
            store.putUser(new UserCredential(service, USER, Passwords.hash(PASSWORD)));
        }
    }

    Database database() {
        return new Database(url, PostgresCluster.shared().user(), null);
    }

    /** The store, opened as one more client of the database (the test's own view of it). */
    Store store() {
        Store store = PostgresCluster.shared().open(url);
        opened.add(store);
        return store;
    }

    /** A node in this JVM on {@code dataDir} (its visitor key and model snapshots). */
    AnbefalServer node(Path dataDir, long snapshotEvery) {
        AnbefalServer node = AnbefalServer.start(new AnbefalServer.Settings("127.0.0.1", 0, -1, dataDir, 1 << 20,
                false, snapshotEvery, false, database()));
        opened.add(node);
        return node;
    }

    /** A node in a child JVM: {@code serve --database URL --data DIR ...}. */
    Nodes.Child child(Path dataDir, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--database", url, "--db-user", PostgresCluster.shared().user(),
                "--data", dataDir.toString()));
        args.addAll(List.of(more));
        Nodes.Child child = Nodes.Child.serve(args.toArray(String[]::new));
        opened.add(child);
        return child;
    }

    static String base(AnbefalServer node) {
        return "http://127.0.0.1:" + node.port();
    }

    /** GET with the service's credentials; the body as JSON (fails on a status other than 200). */
    JsonNode get(String base, String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTH)
                .GET().build());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + " " + r.body());
        }
        return json(r.body());
    }

    /** POST with the service's credentials. */
    HttpResponse<String> post(String base, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One update through {@code /recapi/1.0/update} (with an eventId when not null); whether it was acknowledged. */
    boolean update(String base, String customer, String what, String eventId, String... items) {
        StringBuilder ids = new StringBuilder();
        for (String item : items) {
            ids.append(ids.isEmpty() ? "" : ",").append('"').append(item).append('"');
        }
        String body = "{\"service\":\"" + service + "\",\"updates\":[{\"customer\":\"" + customer + "\",\"entityIDs\":["
                + ids + "],\"what\":\"" + what + "\"" + (eventId == null ? "" : ",\"eventId\":\"" + eventId + "\"")
                + "}]}";
        return post(base, "/recapi/1.0/update", body).statusCode() == 200;
    }

    long numUpdates(String base) {
        return get(base, "/recapi/1.0/servicestatus/" + service).get("numUpdates").asLong();
    }

    /** What the database holds of the service: the number every node must reach. */
    long storedUpdates(Store store) {
        return store.updateCounts().getOrDefault(service, 0L);
    }

    static JsonNode json(String text) {
        try {
            return Payloads.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }
}
