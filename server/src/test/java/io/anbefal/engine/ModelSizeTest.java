package io.anbefal.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model-size estimate counts what the model holds: it grows with persons, items and edges, within bounds. */
class ModelSizeTest {

    @Test
    void growsWithTheModelWithinBounds() {
        ScoringEngine engine = new ScoringEngine();
        assertEquals(0, engine.modelBytes("s"), "a service that has seen nothing");
        List<Event> events = new ArrayList<>();
        int persons = 2000;
        int perPerson = 10;
        for (int p = 0; p < persons; p++) {
            for (int k = 0; k < perPerson; k++) {
                events.add(new Event("p" + p, List.of("i" + (p * 7 + k * 13) % 1000), "BROWSE", null, null, List.of(),
                        1_700_000_000_000L + p * 100L + k, null, null));
            }
        }
        engine.apply("s", events.subList(0, events.size() / 2));
        long half = engine.modelBytes("s");
        engine.apply("s", events.subList(events.size() / 2, events.size()));
        long all = engine.modelBytes("s");
        assertTrue(all > half, half + " -> " + all);
        // at least each person's sequence (int item, float weight, long time per entry) and, per item, its
        // popularity (float), trend (double) and a co-occurrence row of at least its neighbours' keys and values
        long floor = (long) persons * perPerson * (4 + 4 + 8) + 1000L * (4 + 8) + 1000L * 20 * (4 + 4);
        assertTrue(all > floor, all + " should exceed " + floor);
        assertTrue(all < 64L << 20, "an estimate of a small model: " + all);
    }
}
