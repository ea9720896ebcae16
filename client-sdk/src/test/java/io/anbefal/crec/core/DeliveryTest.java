package io.anbefal.crec.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The script's delivery and consent state over fake ports: consent, opting out, one fetch in flight, a failed
 * send kept and re-sent, the flush at page hide, the queue restored after a reload, and the visitor id.
 */
class DeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String update(int i) {
        return Reports.report(Text.JVM, "RECCLICK", "item-" + i, "Rec", "ev-" + i);
    }

    /** The eventIds a request body carries, in order; and checks the envelope. */
    private static List<String> eventIds(String body, String ssasid) throws Exception {
        JsonNode parsed = JSON.readTree(body);
        assertEquals("shop", parsed.get("service").asText());
        assertEquals(ssasid, parsed.get("ssasid").asText());
        List<String> ids = new ArrayList<>();
        parsed.get("updates").forEach(u -> ids.add(u.get("eventId").asText()));
        return ids;
    }

    private static List<String> sent(List<String> bodies, String ssasid) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String body : bodies) {
            ids.addAll(eventIds(body, ssasid));
        }
        return ids;
    }

    @Test
    void beforeConsentNothingIsStoredOrSentThenAllOfItIs() throws Exception {
        FakePage page = new FakePage();
        Delivery d = page.delivery("cookie-1", true);
        d.start();
        assertTrue(d.add(update(1)), "queued in memory while waiting");
        d.flush();
        assertTrue(page.storage.isEmpty(), "nothing stored before consent, not even the id: " + page.storage);
        assertTrue(page.beacons.isEmpty() && page.fetches.isEmpty(), "nothing sent before consent");

        d.consent(true);
        assertEquals("1", page.storage.get(Delivery.CONSENT));
        assertEquals("cookie-1", page.storage.get(Delivery.SSASID));
        assertEquals(List.of("ev-1"), sent(page.beacons, "cookie-1"), "what was queued goes out at consent");
        assertEquals("", page.storage.get(Delivery.QUEUE));

        FakePage next = page.reload();
        Delivery again = next.delivery("cookie-1", true);
        again.start();
        again.add(update(2));
        again.flush();
        assertEquals(List.of("ev-2"), sent(next.beacons, "cookie-1"), "consent is remembered across pages");
    }

    @Test
    void consentWithdrawnWaitsAgain() {
        FakePage page = new FakePage();
        page.storage.put(Delivery.CONSENT, "1");
        Delivery d = page.delivery("c", true);
        d.start();
        d.consent(false);
        assertNull(page.storage.get(Delivery.CONSENT));
        d.add(update(1));
        d.flush();
        assertTrue(page.beacons.isEmpty() && page.fetches.isEmpty());
        assertFalse(page.storage.getOrDefault(Delivery.QUEUE, "").contains("ev-1"), "not stored either");
        assertEquals(1, d.queued(), "kept in memory until consent is given again");
    }

    @Test
    void consentIsNotAskedOfAServiceThatDoesNotRequireIt() throws Exception {
        FakePage page = new FakePage();
        Delivery d = page.delivery("c", false);
        d.start();
        d.consent(false);
        d.add(update(1));
        d.flush();
        assertEquals(List.of("ev-1"), sent(page.beacons, "c"));
    }

    @Test
    void optingOutForgetsTheQueueAndStopsEverythingUntilOptedIn() throws Exception {
        FakePage page = new FakePage();
        page.beaconsTaken = false;
        Delivery d = page.delivery("c", false);
        d.start();
        d.add(update(1));
        d.add(update(2));
        d.optOut(true);
        assertEquals("1", page.storage.get(Delivery.OPTOUT));
        assertEquals(0, d.queued(), "the queue is forgotten");
        assertFalse(d.add(update(3)), "nothing is queued while opted out");
        d.flush();
        assertTrue(page.fetches.isEmpty(), "nothing is sent while opted out");

        FakePage next = page.reload();
        next.beaconsTaken = true;
        Delivery again = next.delivery("c", false);
        again.start();
        assertEquals(0, again.queued(), "still opted out after a reload: the saved queue is not read");
        assertFalse(again.add(update(4)));
        again.optOut(false);
        assertNull(next.storage.get(Delivery.OPTOUT));
        assertTrue(again.add(update(5)));
        again.flush();
        assertEquals(List.of("ev-5"), sent(next.beacons, "c"), "opted in again: only what came after");
    }

    @Test
    void oneFetchIsInFlightAtATimeAndItsUpdatesLeaveOnlyWhenAnswered() throws Exception {
        FakePage page = new FakePage();
        page.beaconsTaken = false;
        Delivery d = page.delivery("c", false);
        d.start();
        for (int i = 1; i <= 3; i++) {
            d.add(update(i));
        }
        d.flush();
        assertEquals(1, page.fetches.size());
        assertEquals(List.of(3), page.fetched);
        d.add(update(4));
        d.flush();
        d.flush();
        assertEquals(1, page.fetches.size(), "no second request while one is in flight");
        assertEquals(4, d.queued(), "the updates in flight are still queued");

        d.sent(3, true);
        assertEquals(2, page.fetches.size(), "the answer sends what came meanwhile");
        assertEquals(List.of("ev-4"), eventIds(page.fetches.get(1), "c"));
        assertEquals(update(4), page.storage.get(Delivery.QUEUE), "only the one in flight is left saved");
        d.sent(1, true);
        assertEquals(0, d.queued());
        assertEquals("", page.storage.get(Delivery.QUEUE));
        assertEquals(List.of("ev-1", "ev-2", "ev-3", "ev-4"), sent(page.fetches, "c"));
    }

    @Test
    void aFailedFetchKeepsItsUpdatesAndTheNextFlushSendsThemAgain() throws Exception {
        FakePage page = new FakePage();
        page.beaconsTaken = false;
        Delivery d = page.delivery("c", false);
        d.start();
        d.add(update(1));
        d.add(update(2));
        d.flush();
        d.sent(2, false);
        assertEquals(2, d.queued(), "nothing lost when the send fails");
        assertEquals(update(1) + "\n" + update(2), page.storage.get(Delivery.QUEUE));
        assertEquals(1, page.fetches.size(), "no retry of its own: the next flush sends them");

        d.flush();
        assertEquals(2, page.fetches.size());
        assertEquals(page.fetches.get(0), page.fetches.get(1), "the same updates, with the same eventIds");
        page.beaconsTaken = true;
        d.sent(2, false);
        d.flush();
        assertEquals(List.of("ev-1", "ev-2"), sent(page.beacons, "c"));
        assertEquals(0, d.queued());
        assertEquals("", page.storage.get(Delivery.QUEUE));
    }

    @Test
    void theFlushAtPageHideSendsTheWholeQueueAsBeaconsUnderTheBatchSize() throws Exception {
        FakePage page = new FakePage();
        Delivery d = page.delivery("c", false);
        d.start();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String id = "ev-" + i;
            d.add(Reports.report(Text.JVM, "RECEXPOSURE", "item-" + i + "-" + "x".repeat(600), "Rec", id));
            expected.add(id);
        }
        assertEquals(List.of(Delivery.DELAY), page.timers, "one timer for all of them");
        d.flush(); // what the page's pagehide and visibilitychange-to-hidden do
        assertTrue(page.beacons.size() > 1, "in several batches: " + page.beacons.size());
        for (String body : page.beacons) {
            assertTrue(body.length() <= Delivery.BATCH, "a batch of " + body.length());
        }
        assertEquals(expected, sent(page.beacons, "c"), "every update once, in order");
        assertEquals(0, d.queued());
        assertEquals("", page.storage.get(Delivery.QUEUE));

        d.add(update(1));
        assertEquals(2, page.timers.size(), "after a flush the next update sets a new timer");
    }

    @Test
    void theQueueIsBoundedAndTheOldestGoFirst() throws Exception {
        FakePage page = new FakePage();
        page.beaconsTaken = false;
        Delivery d = page.delivery("c", false);
        d.start();
        for (int i = 0; i < Delivery.CAPACITY + 5; i++) {
            d.add(update(i));
        }
        assertEquals(Delivery.CAPACITY, d.queued());
        d.flush();
        assertEquals("ev-5", eventIds(page.fetches.get(0), "c").get(0));
    }

    @Test
    void aReloadRestoresTheSavedQueueAndSendsIt() throws Exception {
        FakePage page = new FakePage();
        page.beaconsTaken = false;
        Delivery d = page.delivery("c", false);
        d.start();
        for (int i = 1; i <= 3; i++) {
            d.add(update(i));
        }
        d.flush(); // a fetch in flight, and then the page navigates away before it is answered

        FakePage next = page.reload();
        next.beaconsTaken = true;
        Delivery again = next.delivery("c", false);
        again.start();
        assertEquals(3, again.queued());
        assertEquals(List.of(Delivery.DELAY), next.timers, "a restored queue is flushed soon");
        again.flush();
        assertEquals(List.of("ev-1", "ev-2", "ev-3"), sent(next.beacons, "c"), "same updates, same eventIds");

        FakePage empty = new FakePage();
        empty.storage.put(Delivery.QUEUE, "");
        Delivery none = empty.delivery("c", false);
        none.start();
        assertEquals(0, none.queued(), "an empty saved queue is no update");
        assertTrue(empty.timers.isEmpty());
    }

    @Test
    void beforeConsentTheSavedQueueIsNotRead() {
        FakePage page = new FakePage();
        page.storage.put(Delivery.QUEUE, update(1));
        Delivery d = page.delivery("c", true);
        d.start();
        assertEquals(0, d.queued());
        assertTrue(page.timers.isEmpty());
    }

    @Test
    void aStoredIdTheServerWouldRefuseIsReplacedByTheCookies() throws Exception {
        FakePage page = new FakePage();
        page.storage.put(Delivery.SSASID, "v1; Domain=evil.example");
        Delivery d = page.delivery("cookie-1", false);
        d.start();
        assertEquals("cookie-1", d.ssasid());
        assertEquals("cookie-1", page.storage.get(Delivery.SSASID));
        assertTrue(page.identified.isEmpty(), "a refused id is not joined to anything");
    }

    @Test
    void theStoredIdIsKeptAndTheCookiesIdJoinedToIt() throws Exception {
        FakePage first = new FakePage();
        Delivery d = first.delivery("cookie-1", false);
        d.start();
        assertEquals("cookie-1", first.storage.get(Delivery.SSASID), "a first visit keeps the cookie's id");
        assertTrue(first.identified.isEmpty());

        FakePage other = first.reload();
        Delivery again = other.delivery("cookie-2", false); // the cookie was lost or replaced
        again.start();
        assertEquals("cookie-1", again.ssasid());
        assertEquals(1, other.identified.size());
        assertEquals(List.of("cookie-1", "cookie-2"), List.of(other.identified.get(0)));
        again.add(update(1));
        again.flush();
        assertEquals(List.of("ev-1"), sent(other.beacons, "cookie-1"), "updates carry the stored id");

        FakePage blocked = new FakePage();
        blocked.storageBlocked = true;
        Delivery noStorage = blocked.delivery("cookie-3", false);
        noStorage.start();
        assertEquals("cookie-3", noStorage.ssasid(), "with storage blocked the cookie's id");
        assertTrue(blocked.identified.isEmpty());
    }

    @Test
    void consentGivenLaterJoinsTheIds() {
        FakePage page = new FakePage();
        page.storage.put(Delivery.SSASID, "stored");
        Delivery d = page.delivery("cookie", true);
        d.start();
        assertEquals("cookie", d.ssasid(), "before consent the stored id is not read");
        assertTrue(page.identified.isEmpty());
        d.consent(true);
        assertEquals("stored", d.ssasid());
        assertEquals(List.of("stored", "cookie"), List.of(page.identified.get(0)));
    }
}
