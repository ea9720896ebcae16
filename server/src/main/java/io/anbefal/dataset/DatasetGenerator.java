package io.anbefal.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes synthetic datasets for tests and benchmarks: a catalog of items with categories, then a shop-like
 * history (skewed popularity, mostly BROWSE, some PURCHASE with an eventId, RECEXPOSURE/RECCLICK), and a few links.
 * Deterministic for a seed.
 */
public final class DatasetGenerator {

    private final int persons;
    private final int items;
    private final long seed;

    public DatasetGenerator(int persons, int items, long seed) {
        this.persons = persons;
        this.items = items;
        this.seed = seed;
    }

    /** Writes {@code events} events (updates and item facts together) to a file. */
    public void write(Path file, long events) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code events} events (updates and item facts together) to a stream. */
    public void write(OutputStream out, long events) {
        SplittableRandom random = new SplittableRandom(seed);
        long t = 1_700_000_000_000L;
        try (DatasetWriter writer = new DatasetWriter(out, "generated", null)) {
            long n = 0;
            int catalog = (int) Math.min(items, events / 10);
            for (int i = 0; i < catalog; i++, n++) {
                writer.write(new DatasetItem("item-" + i, List.of("cat-" + i % 50), Map.of("brand", "b" + i % 7), t, null));
            }
            for (; n < events; n++) {
                t += random.nextInt(2000);
                String person = "c-" + skewed(random, persons);
                String item = "item-" + skewed(random, items);
                int kind = random.nextInt(100);
                if (kind < 80) {
                    writer.write(new DatasetUpdate(person, List.of(item), "BROWSE", "web", null, List.of(), t,
                            null, null, null));
                } else if (kind < 88) {
                    writer.write(new DatasetUpdate(person, List.of(item, "item-" + skewed(random, items)), "PURCHASE",
                            "web", null, List.of(), t, null, 1 + random.nextInt(3), "order-" + n));
                } else if (kind < 97) {
                    writer.write(new DatasetUpdate(person, List.of(item), "RECEXPOSURE", "web",
                            "ItemToItemRecommender", List.of(), t, null, null, null));
                } else {
                    writer.write(new DatasetUpdate(person, List.of(item), "RECCLICK", "web", "ItemToItemRecommender",
                            List.of(), t, null, null, null));
                }
                if (n % 100_000 == 99_999) {
                    writer.write(new DatasetLink("v-" + n, person, t));
                }
            }
        }
    }

    /** An index in [0, n) where small indices are much more likely (roughly a power law). */
    private static int skewed(SplittableRandom random, int n) {
        double u = random.nextDouble();
        return (int) Math.min(n - 1, Math.floor(n * u * u * u));
    }
}
