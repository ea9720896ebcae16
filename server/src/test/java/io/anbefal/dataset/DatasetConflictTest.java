package io.anbefal.dataset;

import io.anbefal.http.TestServer;
import io.anbefal.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One dataset load per service at a time: a second {@code POST /recapi/1.0/dataset} into a service while one is
 * loading is a 409 JSON error and loads nothing; the first is loaded whole.
 */
class DatasetConflictTest {

    @TempDir
    Path data;

    private static byte[] dataset(long events, long seed) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            new DatasetGenerator(5_000, 2_000, seed).write(gz, events);
        }
        return bytes.toByteArray();
    }

    private static HttpRequest upload(TestServer server, byte[] body) {
        return server.authed("/recapi/1.0/dataset?service=shop").header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    @Test
    void twoConcurrentUploadsIntoOneServiceGiveOneLoadAndOne409() throws Exception {
        byte[] a = dataset(20_000, 1);
        byte[] b = dataset(20_000, 2);
        try (TestServer server = new TestServer(data, "shop")) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<TestServer.Response>> answers = new ArrayList<>();
            for (byte[] body : List.of(a, b)) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return server.send(upload(server, body));
                }));
            }
            go.countDown();
            List<TestServer.Response> ok = new ArrayList<>();
            List<TestServer.Response> conflict = new ArrayList<>();
            for (CompletableFuture<TestServer.Response> f : answers) {
                TestServer.Response r = f.join();
                (r.status() == 200 ? ok : conflict).add(r);
            }
            assertEquals(1, ok.size(), "one load: " + ok + conflict);
            TestServer.Response refused = conflict.getFirst();
            assertEquals(409, refused.status(), refused.toString());
            assertEquals(false, refused.json().get("statusOK").asBoolean());
            assertTrue(refused.json().get("text").asText().contains("Another import into shop is running"), refused.toString());
            long loaded = ok.getFirst().json().get("updates").asLong() + ok.getFirst().json().get("items").asLong();
            assertEquals(20_000, loaded);
            assertEquals(loaded, server.get("/recapi/1.0/servicestatus/shop").json().get("numUpdates").asLong(),
                    "nothing of the refused upload was loaded");
        }
    }

    @Test
    void anUploadWhileAnotherLoadIsOpenIs409AndTheNextOneLoads() throws Exception {
        byte[] small = dataset(1_000, 3);
        try (TestServer server = new TestServer(data, "shop")) {
            try (Store.BulkLoad open = server.server().anbefal().bulkLoad(server.server().anbefal().service("shop"))) {
                TestServer.Response r = server.send(upload(server, small));
                assertEquals(409, r.status(), r.toString());
                assertTrue(r.json().get("text").asText().contains("nothing of this one was loaded"), r.toString());
            }
            assertEquals(0, server.get("/recapi/1.0/servicestatus/shop").json().get("numUpdates").asLong());
            TestServer.Response r = server.send(upload(server, small));
            assertEquals(200, r.status(), r.toString());
            assertEquals(1_000, server.get("/recapi/1.0/servicestatus/shop").json().get("numUpdates").asLong());
        }
    }
}
