package io.anbefal.crec.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The viewability rule with an injected clock: half on screen, page visible, one continuous second. */
class ExposureTest {

    @Test
    void oneContinuousSecondInViewExposesOnce() {
        Exposure e = new Exposure();
        assertFalse(e.update(true, 0));
        assertEquals(1000, e.remaining(0));
        assertFalse(e.update(true, 999));
        assertTrue(e.update(true, 1000));
        assertFalse(e.update(true, 5000), "once only");
        assertEquals(-1, e.remaining(5000));
    }

    @Test
    void scrollingPastInLessThanASecondIsNoExposure() {
        Exposure e = new Exposure();
        e.update(true, 0);
        e.update(false, 300);
        assertEquals(-1, e.remaining(300));
        assertFalse(e.update(true, 1200), "the clock restarted at 1200");
        assertFalse(e.update(true, 2199));
        assertTrue(e.update(true, 2200));
    }

    @Test
    void eligibility() {
        assertTrue(Exposure.eligible(0.5, 0.1, true));
        assertFalse(Exposure.eligible(0.49, 0.2, true));
        assertTrue(Exposure.eligible(0.2, 0.5, true), "an element larger than the viewport covering half of it");
        assertFalse(Exposure.eligible(1, 1, false), "a hidden page exposes nothing");
    }

    @Test
    void aClickCountsAsTheExposureWhenThereWasNone() {
        Exposure e = new Exposure();
        assertTrue(e.force());
        assertFalse(e.force());
        assertFalse(e.update(true, 0));
        Exposure seen = new Exposure();
        seen.update(true, 0);
        seen.update(true, 1000);
        assertFalse(seen.force(), "already exposed");
    }
}
