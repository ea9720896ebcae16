package io.anbefal.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.cli.Launcher;
import io.anbefal.http.TestServer;
import io.anbefal.store.Backend;
import io.anbefal.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over a real server and real H2 files: load a dataset over HTTP, export it with {@code anbefal export}, import it
 * with {@code anbefal import} into a fresh service (on H2, and on PostgreSQL), and find identical counts and
 * identical recommendations.
 */
class DatasetRoundTripTest {

    @TempDir
    Path dir;

    static byte[] generated(long events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatasetGenerator(400, 300, 5).write(out, events);
        return out.toByteArray();
    }

    static int cli(String... args) {
        return new CommandLine(new Launcher()).execute(args);
    }

    /** From an H2 server into a fresh service on each backend: the dataset carries the whole history. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void exportThenImportIntoAFreshServiceGivesIdenticalCountsAndRecommendations(Backend backend) throws Exception {
        Backend.Database target = backend.create(dir.resolve("b"));
        Path exported = dir.resolve("export.xml");
        List<String> persons = new ArrayList<>();
        List<String> items = new ArrayList<>();
        JsonNode statusA;
        List<String> answersA = new ArrayList<>();
        try (TestServer a = new TestServer(dir.resolve("a"), "shop")) {
            byte[] xml = generated(40_000);
            TestServer.Response r = a.send(a.authed("/recapi/1.0/dataset?service=shop")
                    .header("Content-Type", "application/xml")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(xml)).build());
            assertEquals(200, r.status(), r.body());
            assertTrue(r.json().get("statusOK").asBoolean());
            assertEquals(40_000, r.json().get("updates").asLong() + r.json().get("items").asLong());
            new DatasetReader().read(new ByteArrayInputStream(xml), rec -> {
                if (rec instanceof DatasetUpdate u && persons.size() < 25 && !persons.contains(u.customer())) {
                    persons.add(u.customer());
                    items.add(u.entities().getFirst());
                }
            });
            statusA = a.get("/recapi/1.0/servicestatus/shop").json();
            answersA.addAll(answers(a, "shop", persons, items));
            // export from the data directory while the server runs (H2 auto-server mode)
            assertEquals(0, cli("export", "--service", "shop", "--data", dir.resolve("a").toString(),
                    "--output", exported.toString()));
        }
        assertEquals(0, cli(with(target, "import", exported.toString(), "--service", "copy")));
        try (TestServer b = new TestServer(target.server(), "copy")) {
            JsonNode statusB = b.get("/recapi/1.0/servicestatus/copy").json();
            for (String field : List.of("numCustomers", "numEntities", "numUpdates")) {
                assertEquals(statusA.get(field).asLong(), statusB.get(field).asLong(), field);
            }
            assertTrue(statusB.get("numUpdates").asLong() >= 40_000, statusB.toString());
            List<String> answersB = answers(b, "copy", persons, items);
            assertEquals(answersA, answersB);
            assertTrue(answersA.stream().filter(s -> s.contains("\"result\":[\"")).count() > 20,
                    "the comparison must be between real, non-empty answers: " + answersA);
        }
        // and a second export is the same document, record for record
        Path again = dir.resolve("again.xml");
        assertEquals(0, cli(with(target, "export", "--service", "copy", "--output", again.toString())));
        assertEquals(records(exported), records(again));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void importOfAnInvalidFileExitsWithOneAndCreatesNothing(Backend backend) throws Exception {
        Backend.Database db = backend.create(dir.resolve("d"));
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, DatasetReaderTest.HEAD
                + "<update customer=\"a\" what=\"BROWSE\" time=\"2026-01-01T00:00:00Z\"><entity>p1</entity></update>\n"
                + "<update customer=\"b\" what=\"BROWSE\" time=\"2026-01-01T00:00:00Z\"><entity>p2</entity>");
        assertEquals(1, cli(with(db, "import", bad.toString(), "--service", "fresh")));
        try (Store store = db.open()) {
            assertTrue(store.service("fresh").isEmpty(), "an invalid file creates no service");
            assertEquals(Map.of(), store.updateCounts());
        }
        assertEquals(2, cli(with(db, "export", "--service", "fresh")));
    }

    /** The command {@code args} with the options that name {@code db}. */
    private static String[] with(Backend.Database db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(db.flags());
        return all.toArray(String[]::new);
    }

    private static List<String> answers(TestServer s, String service, List<String> persons, List<String> items) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < persons.size(); i++) {
            TestServer.Response byItem = s.get("/recapi/1.0/recommend/" + service + "/ItemToItemRecommender/" + items.get(i) + "/10");
            TestServer.Response byPerson = s.get("/recapi/1.0/recommend/" + service + "/ProductForCustomerRecommender/" + persons.get(i) + "/10");
            assertEquals(200, byItem.status(), byItem.body());
            assertEquals(200, byPerson.status(), byPerson.body());
            answers.add(byItem.body());
            answers.add(byPerson.body());
        }
        return answers;
    }

    private static List<DatasetRecord> records(Path file) throws IOException {
        List<DatasetRecord> records = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            new DatasetReader().read(in, records::add);
        }
        return records;
    }

    @Test
    void theSchemaIsPublishedAndAnInvalidUploadLoadsNothing() throws Exception {
        try (TestServer s = new TestServer(dir.resolve("s"), "shop", "other")) {
            TestServer.Response schema = s.send(s.request("/recapi/1.0/schema").GET().build());
            assertEquals(200, schema.status());
            assertTrue(schema.header("Content-Type").startsWith("application/xml"), schema.header("Content-Type"));
            assertArrayEquals(DatasetSchema.bytes(), schema.body().getBytes(StandardCharsets.UTF_8));

            String bad = DatasetReaderTest.HEAD
                    + "<update customer=\"a\" what=\"BROWSE\" time=\"2026-01-01T00:00:00Z\"><entity>p1</entity></update>\n"
                    + "<update customer=\"b\" what=\"BROWSE\"><entity>p2</entity></update>\n</dataset>";
            TestServer.Response r = s.post("/recapi/1.0/dataset?service=shop", bad);
            assertEquals(400, r.status(), r.body());
            assertFalse(r.json().get("statusOK").asBoolean());
            assertEquals(4, r.json().get("line").asInt());
            assertTrue(r.json().get("text").asText().contains("'time'"), r.body());
            assertEquals(0, s.get("/recapi/1.0/servicestatus/shop").json().get("numUpdates").asLong(),
                    "the valid first update must not have been loaded");

            TestServer.Response anonymous = s.send(s.request("/recapi/1.0/dataset?service=shop")
                    .POST(HttpRequest.BodyPublishers.ofString(bad)).build());
            assertEquals(401, anonymous.status(), anonymous.body());
            assertEquals(404, s.post("/recapi/1.0/dataset?service=nosuch", bad).status());
            assertEquals(400, s.post("/recapi/1.0/dataset", bad).status());
            TestServer.Response json = s.send(s.authed("/recapi/1.0/dataset?service=shop")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            assertEquals(415, json.status(), json.body());
        }
    }

    @Test
    void aGzippedUploadIsAccepted() throws Exception {
        try (TestServer s = new TestServer(dir.resolve("g"), "shop")) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(zipped)) {
                out.write(Files.readAllBytes(DatasetReaderTest.DOCS.resolve("dataset-example.xml")));
            }
            TestServer.Response r = s.send(s.authed("/recapi/1.0/dataset?service=shop")
                    .header("Content-Type", "application/xml").header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())).build());
            assertEquals(200, r.status(), r.body());
            assertEquals(8, s.get("/recapi/1.0/servicestatus/shop").json().get("numUpdates").asLong());
            TestServer.Response recs = s.get("/recapi/1.0/recommend/shop/ItemToItemRecommender/sku-1001/5");
            assertTrue(recs.body().contains("sku-2001"), recs.body());
            TestServer.Response plain = s.send(s.request("/recapi/1.0/schema").header("Accept-Encoding", "gzip").GET().build());
            assertEquals(null, plain.header("Content-Encoding"), "answers are not compressed by the decoder");
            assertArrayEquals(DatasetSchema.bytes(), plain.body().getBytes(StandardCharsets.UTF_8));
        }
    }
}
