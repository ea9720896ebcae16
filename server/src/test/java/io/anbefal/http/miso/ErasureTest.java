package io.anbefal.http.miso;

import io.anbefal.AnbefalServer;
import io.anbefal.engine.Event;
import io.anbefal.http.TestServer;
import io.anbefal.http.TestServer.Response;
import io.anbefal.store.H2Store;
import io.anbefal.store.Link;
import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code DELETE /v1/interactions}: a person (a customer and every visitor id linked to it) is erased from the log's
 * single rows and bulk-loaded blocks, the links, the user records, the live model and the model snapshot; a restart
 * does not bring anything back.
 */
public class ErasureTest {

    static final String SERVICE = "erase";
    static final String CUSTOMER = "erasable-customer-7";
    static final String VISITOR = "erasable-visitor-7";

    @TempDir
    Path data;

    TestServer start() {
        TestServer server = new TestServer(data, SERVICE);
        server.server().anbefal().services().setApiKey(SERVICE, MisoApiTest.key(SERVICE));
        return server;
    }

    static Response send(TestServer server, String method, String path, String body) {
        return server.send(server.request(path).header("X-API-KEY", MisoApiTest.key(SERVICE))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static List<String> history(TestServer server, String idField, String id) {
        Response r = send(server, "POST", "/v1/recommendation/user_to_history", "{\"" + idField + "\":\"" + id + "\"}");
        assertEquals(200, r.status(), r.toString());
        List<String> ids = new ArrayList<>();
        r.json().get("data").get("products").forEach(p -> ids.add(p.get("product_id").asText()));
        return ids;
    }

    static String relatedOrigin(TestServer server) {
        Response r = send(server, "POST", "/v1/recommendation/product_to_products", "{\"product_id\":\"p5\",\"rows\":3}");
        assertEquals(200, r.status(), r.toString());
        return r.json().get("data").get("miso_id").asText();
    }

    static void ok(Response r) {
        assertEquals(200, r.status(), r.toString());
    }

    @Test
    void emptyListsAndIdsOfTheWrongSyntaxAre422sNamingTheProblemAndEraseNothing() {
        try (TestServer server = start()) {
            ok(send(server, "POST", "/v1/interactions", "{\"data\":[{\"type\":\"product_detail_page_view\",\"user_id\":\""
                    + CUSTOMER + "\",\"product_ids\":[\"p1\",\"p2\"]}]}"));
            Map<String, String> refused = new java.util.LinkedHashMap<>();
            refused.put("{}", "user_ids is required");
            refused.put("{\"user_ids\":[],\"anonymous_ids\":[]}", "both empty");
            refused.put("{\"user_ids\":[]}", "both empty");
            refused.put("{\"user_ids\":null,\"anonymous_ids\":[]}", "both empty");
            refused.put("{\"user_ids\":[\"" + CUSTOMER + "\"],\"anonymous_ids\":[\"not a visitor id\"]}", "anonymous_ids.0 is invalid");
            refused.put("{\"anonymous_ids\":[\"" + "v".repeat(65) + "\"]}", "anonymous_ids.0 is invalid");
            refused.put("{\"user_ids\":[\"" + CUSTOMER + "\",\"\"]}", "user_ids.1 is invalid");
            refused.put("{\"user_ids\":[\"" + "u".repeat(1001) + "\"]}", "user_ids.0 is invalid");
            refused.put("{\"user_ids\":[42]}", "user_ids.0 is invalid");
            refused.put("{\"user_ids\":\"" + CUSTOMER + "\"}", "user_ids is invalid");
            refused.forEach((body, problem) -> {
                Response r = send(server, "DELETE", "/v1/interactions", body);
                assertEquals(422, r.status(), body + " -> " + r);
                assertTrue(r.json().get("errors").asBoolean(), r.toString());
                assertTrue(r.json().get("message").asText().contains(problem), body + " -> " + r);
                assertTrue(r.json().get("data").isArray(), "Miso's error shape lists the problems: " + r);
            });
            assertEquals(List.of("p1", "p2"), history(server, "user_id", CUSTOMER).stream().sorted().toList(),
                    "nothing was erased by a refused request");
        }
    }

    @Test
    void anErasedPersonIsGoneFromEveryTableTheModelAndTheSnapshotAndARestartDoesNotBringThemBack()
            throws IOException, SQLException {
        TestServer server = start();
        // the visitor browses, then signs in (a record with both ids links them); others browse too
        ok(send(server, "POST", "/v1/interactions", "{\"data\":["
                + "{\"type\":\"product_detail_page_view\",\"anonymous_id\":\"" + VISITOR + "\",\"product_ids\":[\"p3\"]},"
                + "{\"type\":\"product_detail_page_view\",\"anonymous_id\":\"" + VISITOR + "\",\"user_id\":\"" + CUSTOMER
                + "\",\"product_ids\":[\"p1\",\"p2\"]},"
                + "{\"type\":\"home_page_view\",\"user_id\":\"" + CUSTOMER + "\"},"
                + "{\"type\":\"product_detail_page_view\",\"user_id\":\"bob\",\"product_ids\":[\"p1\",\"p4\"]},"
                + "{\"type\":\"product_detail_page_view\",\"user_id\":\"carol\",\"product_ids\":[\"p2\",\"p4\"]}]}"));
        ok(send(server, "POST", "/v1/users", "{\"data\":[{\"user_id\":\"" + CUSTOMER + "\",\"name\":\"E. Rasable\"},"
                + "{\"user_id\":\"bob\"}]}"));
        // and a bulk load (a dataset import) holds some of the customer's history among others'
        Store.BulkLoad load = server.server().anbefal().bulkLoad(server.server().anbefal().service(SERVICE));
        long t = System.currentTimeMillis() - 60_000;
        load.stage(List.of(
                new StoredUpdate(new Event(CUSTOMER, List.of("p5", "p1"), "BROWSE", null, null, List.of(), t, null, null), "ev-c-1"),
                new StoredUpdate(new Event("dave", List.of("p4", "p2"), "BROWSE", null, null, List.of(), t, null, null), "ev-d-1"),
                new StoredUpdate(new Event(VISITOR, List.of("p5"), "BROWSE", null, null, List.of(), t, null, null), "ev-v-1")),
                List.of(new Link("erasable-old-id", CUSTOMER, t)));
        server.server().anbefal().publish(server.server().anbefal().service(SERVICE), load);
        load.close();
        assertTrue(history(server, "user_id", CUSTOMER).containsAll(List.of("p1", "p2", "p3", "p5")));
        assertTrue(relatedOrigin(server).startsWith("ItemToItemRecommender:"), "p5 is related through the customer");
        server.close();

        // a restart from the snapshot, which holds the customer's model
        server = start();
        assertTrue(server.server().restoredFromSnapshot());
        Path snapshot = data.resolve(AnbefalServer.SNAPSHOT);
        assertTrue(contains(Files.readAllBytes(snapshot), CUSTOMER), "the snapshot names the customer before");
        long before = server.server().anbefal().status(server.server().anbefal().service(SERVICE)).updates();

        // the right to be forgotten: {"user_ids": [...]}; a publishable key or no ids are refused
        Response refused = send(server, "DELETE", "/v1/interactions", "{}");
        assertEquals(422, refused.status(), refused.toString());
        Response erased = send(server, "DELETE", "/v1/interactions", "{\"user_ids\":[\"" + CUSTOMER + "\"]}");
        ok(erased);
        assertEquals("success", erased.json().get("message").asText());
        assertEquals(3, erased.json().get("data").get("ids").asInt(), "the customer, its visitor id, an old merged id: " + erased);
        assertEquals(5, erased.json().get("data").get("interactions").asInt(), erased.toString());
        assertFalse(Files.exists(snapshot), "the snapshot that held the customer is deleted");
        assertEquals(List.of(), history(server, "user_id", CUSTOMER));
        assertEquals(List.of(), history(server, "anonymous_id", VISITOR));
        assertFalse(relatedOrigin(server).startsWith("ItemToItemRecommender:"), "p5 was related only through the customer");
        assertEquals(before - 5, server.server().anbefal().status(server.server().anbefal().service(SERVICE)).updates());
        assertEquals(List.of("p4", "p1"), history(server, "user_id", "bob"), "others keep their history");
        assertEquals(404, send(server, "GET", "/v1/users/" + CUSTOMER, "").status());
        ok(send(server, "GET", "/v1/users/bob", ""));
        server.close();

        assertFalse(contains(Files.readAllBytes(snapshot), CUSTOMER), "the new snapshot does not name the customer");
        assertFalse(contains(Files.readAllBytes(snapshot), VISITOR));
        server = start();
        assertTrue(server.server().restoredFromSnapshot());
        assertEquals(List.of(), history(server, "user_id", CUSTOMER));
        assertEquals(List.of("p2", "p4"), history(server, "user_id", "dave"), "the rest of the bulk load stays");
        server.close();
        // and a start that replays the whole log does not bring it back either
        Files.delete(snapshot);
        server = start();
        assertFalse(server.server().restoredFromSnapshot());
        assertEquals(List.of(), history(server, "user_id", CUSTOMER));
        assertEquals(List.of(), history(server, "anonymous_id", VISITOR));
        assertEquals(List.of("p2", "p4"), history(server, "user_id", "dave"));
        server.close();

        for (String id : List.of(CUSTOMER, VISITOR, "erasable-old-id")) {
            List<String> found = scan(id);
            assertEquals(List.of(), found, "no row of any table names " + id);
        }
        assertFalse(scan("dave").isEmpty(), "the scan finds what is there");
    }

    public static boolean contains(byte[] haystack, String id) {
        byte[] needle = id.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    List<String> scan(String id) throws SQLException {
        return scan(data, id);
    }

    /** Every table and column of the database file whose value holds the id (text, or the UTF-8 bytes of blocks). */
    public static List<String> scan(Path data, String id) throws SQLException {
        List<String> found = new ArrayList<>();
        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve(H2Store.DATABASE);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            List<String[]> columns = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                while (r.next()) {
                    columns.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
                }
            }
            assertTrue(columns.size() > 20, "the scan sees the schema");
            for (String[] col : columns) {
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT \"" + col[1] + "\" FROM \"" + col[0] + "\"")) {
                    while (r.next()) {
                        byte[] bytes = col[2].contains("BINARY") ? r.getBytes(1)
                                : r.getString(1) == null ? null : r.getString(1).getBytes(StandardCharsets.UTF_8);
                        if (bytes != null && contains(bytes, id)) {
                            found.add(col[0] + "." + col[1]);
                        }
                    }
                }
            }
        }
        return found;
    }
}
