package io.anbefal.crec.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queue, batches under the byte budget, payloads, the saved form, and once-per-page-view dedupe. */
class OutboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Text text = Text.JVM;

    @Test
    void reportsAreTheUpdatesTheServerExpects() throws Exception {
        String report = Reports.report(text, "RECCLICK", "item \"1\"\n", "Rec\\X", "ev-1");
        JsonNode u = JSON.readTree(report);
        assertEquals("item \"1\"\n", u.get("entityIDs").get(0).asText());
        assertEquals("RECCLICK", u.get("what").asText());
        assertEquals("web", u.get("where").asText());
        assertEquals("Rec\\X", u.get("origin").asText());
        assertEquals("ev-1", u.get("eventId").asText());
        assertTrue(report.indexOf('\n') < 0, "one line: the saved queue is one update a line");
    }

    @Test
    void batchesStayUnderTheBudgetAndCarryTheVisitor() throws Exception {
        Outbox box = new Outbox(text, 1000);
        for (int i = 0; i < 500; i++) {
            box.add(Reports.report(text, "RECEXPOSURE", "item-" + i + "-" + "x".repeat(200), "Rec", "e" + i));
        }
        String envelope = Reports.envelope(text, "shop", "visitor-1");
        int sent = 0;
        while (box.size() > 0) {
            int n = box.fitting(envelope, 60_000);
            String body = box.body(envelope, n);
            assertTrue(body.length() <= 60_000, "batch of " + body.length());
            JsonNode parsed = JSON.readTree(body);
            assertEquals("shop", parsed.get("service").asText());
            assertEquals("visitor-1", parsed.get("ssasid").asText());
            assertEquals(n, parsed.get("updates").size());
            assertEquals("e" + sent, parsed.get("updates").get(0).get("eventId").asText());
            sent += n;
            box.drop(n);
        }
        assertEquals(500, sent);
    }

    @Test
    void theQueueIsBoundedAndDropsTheOldest() {
        Outbox box = new Outbox(text, 3);
        for (String s : new String[] {"{\"a\":1}", "{\"a\":2}", "{\"a\":3}", "{\"a\":4}"}) {
            box.add(s);
        }
        assertEquals(3, box.size());
        assertEquals("{\"a\":2}\n{\"a\":3}\n{\"a\":4}", box.save());
    }

    @Test
    void theSavedFormRoundTrips() {
        Outbox box = new Outbox(text, 10);
        box.add(Reports.report(text, "RECCLICK", "a", "R", "1"));
        box.add(Reports.report(text, "RECCLICK", "b\nc", "R", "2"));
        Outbox again = new Outbox(text, 10);
        Arrays.stream(box.save().split("\n")).forEach(again::add);
        assertEquals(box.save(), again.save());
        assertEquals(2, again.size());
    }

    @Test
    void aSingleHugeUpdateStillGoesAlone() {
        Outbox box = new Outbox(text, 10);
        box.add("{\"x\":\"" + "y".repeat(70_000) + "\"}");
        assertEquals(1, box.fitting(Reports.envelope(text, "s", "v"), 60_000));
    }

    @Test
    void eachItemAndRecommenderOncePerPageView() {
        Seen seen = new Seen();
        for (int i = 0; i < 40; i++) {
            assertTrue(seen.first("item" + i + "\nRec"));
        }
        assertTrue(!seen.first("item3\nRec"));
        assertTrue(seen.first("item3\nOtherRec"));
        seen.clear();
        assertTrue(seen.first("item3\nRec"), "a new page view");
    }
}
