package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.cli.Launcher;
import io.anbefal.http.TestServer.Response;
import io.anbefal.http.miso.ErasureTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person's data on the 1.0 API and the command line: {@code GET /recapi/1.0/person/{service}/{id}} (an access
 * request), {@code POST /recapi/1.0/erase} and {@code bin/anbefal erase} (the right to be forgotten).
 */
class PersonalDataTest {

    static final String CUSTOMER = "carol-to-forget";
    static final String VISITOR = "visitor-of-carol-to-forget";
    static final String OTHER = "bob-to-forget-later";

    @TempDir
    Path data;

    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
        return out;
    }

    @Test
    void aPersonsDataIsExportedThenErasedEverywhereAndTheCommandLineErasesOnlyAStoppedServersData() throws Exception {
        try (TestServer server = new TestServer(data, "shop")) {
            server.update("shop", CUSTOMER, "PURCHASE", "A", "B");
            server.update("shop", OTHER, "PURCHASE", "A", "C");
            server.update("shop", VISITOR, "BROWSE", "D");
            server.update("shop", "dave-stays", "BROWSE", "E");
            assertEquals(200, server.get("/recapi/1.0/merge/shop/" + CUSTOMER + "/" + VISITOR).status());
            long before = server.get("/recapi/1.0/servicestatus/shop").json().get("numUpdates").asLong();

            // the access request: every id of the person, their links and updates
            Response access = server.get("/recapi/1.0/person/shop/" + VISITOR);
            assertEquals(200, access.status(), access.toString());
            assertEquals(List.of(VISITOR, CUSTOMER), texts(access.json().get("ids"), null));
            assertEquals(List.of(VISITOR), texts(access.json().get("links"), "alias"));
            assertEquals(List.of(CUSTOMER, VISITOR), texts(access.json().get("updates"), "person"));
            assertEquals(List.of("A", "B"), texts(access.json().get("updates").get(0).get("entityIDs"), null));

            // refused: no ids, a wrong password, an id over its limit; nothing is erased by them
            Response none = server.post("/recapi/1.0/erase", "{\"service\":\"shop\"}");
            assertEquals(400, none.status(), none.toString());
            assertFalse(none.json().get("statusOK").asBoolean());
            Response wrong = server.send(server.request("/recapi/1.0/erase")
                    .header("Authorization", TestServer.basic(TestServer.USER, "not-it"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"service\":\"shop\",\"customerIDs\":[\"" + CUSTOMER + "\"]}")).build());
            assertEquals(401, wrong.status(), wrong.toString());
            Response tooLong = server.get("/recapi/1.0/person/shop/" + "x".repeat(1001));
            assertEquals(400, tooLong.status(), tooLong.toString());

            Response erased = server.post("/recapi/1.0/erase", "{\"service\":\"shop\",\"customerIDs\":[\"" + CUSTOMER + "\"]}");
            assertEquals(200, erased.status(), erased.toString());
            assertTrue(texts(erased.json().get("erasedIDs"), null).containsAll(List.of(CUSTOMER, VISITOR)), erased.toString());
            assertEquals(2, erased.json().get("updates").asLong(), erased.toString());
            assertEquals(1, erased.json().get("links").asLong());
            assertEquals(before - 2, server.get("/recapi/1.0/servicestatus/shop").json().get("numUpdates").asLong());
            Response after = server.get("/recapi/1.0/person/shop/" + CUSTOMER);
            assertEquals(0, after.json().get("updates").size(), after.toString());
            assertEquals(List.of(CUSTOMER), texts(after.json().get("ids"), null));
            assertEquals(1, server.get("/recapi/1.0/person/shop/" + OTHER).json().get("updates").size());

            // the command line refuses a data directory that a running server holds
            assertEquals(3, new CommandLine(new Launcher()).execute("erase", "--service", "shop",
                    "--customer", OTHER, "--data", data.toString()));
        }
        assertEquals(List.of(), ErasureTest.scan(data, CUSTOMER));
        assertEquals(List.of(), ErasureTest.scan(data, VISITOR));
        assertFalse(ErasureTest.scan(data, OTHER).isEmpty(), "the refused erasure erased nothing");

        // with the server stopped it erases, and the next start (no snapshot: a replay) has none of it
        assertEquals(0, new CommandLine(new Launcher()).execute("erase", "--service", "shop",
                "--customer", OTHER, "--data", data.toString()));
        assertEquals(List.of(), ErasureTest.scan(data, OTHER));
        // an export (the dataset a backup or a move would take) names none of the erased
        Path exported = data.resolve("export.xml");
        assertEquals(0, new CommandLine(new Launcher()).execute("export", "--service", "shop", "--data", data.toString(),
                "-o", exported.toString()));
        String xml = java.nio.file.Files.readString(exported);
        assertTrue(xml.contains("dave-stays"), "the export holds who was not erased");
        for (String id : List.of(CUSTOMER, VISITOR, OTHER)) {
            assertFalse(xml.contains(id), "the export names " + id);
        }
        java.nio.file.Files.delete(exported);
        try (TestServer server = new TestServer(data)) {
            assertFalse(server.server().restoredFromSnapshot());
            assertEquals(0, server.get("/recapi/1.0/person/shop/" + OTHER).json().get("updates").size());
            assertEquals(0, server.get("/recapi/1.0/person/shop/" + CUSTOMER).json().get("updates").size());
        }
    }
}
