package io.anbefal.dataset;

import io.anbefal.app.Anbefal;
import io.anbefal.engine.Event;
import io.anbefal.store.Link;
import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;

import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where datasets are loaded to and exported from: the store directly (the command line, which runs beside
 * or instead of a server), or the application facade (the HTTP endpoint, so the running engine learns at once).
 */
public final class DatasetTargets {

    private DatasetTargets() {
    }

    /**
     * Stages each chunk in a bulk load of the store and publishes them all at the end. The engine of a server that
     * is already running on the same data directory does not see these updates until its next start (it replays
     * the log then).
     */
    public static DatasetLoader.Target store(Store store, String service) {
        return new BulkTarget(() -> store.bulkLoad(service)) {
            @Override
            void publish(Store.BulkLoad bulk) {
                bulk.publish(null);
            }
        };
    }

    /** Stages through the application; the publication is applied to the running engine in log order. */
    public static DatasetLoader.Target application(Anbefal anbefal, String service) {
        return new BulkTarget(() -> anbefal.bulkLoad(anbefal.service(service))) {
            @Override
            void publish(Store.BulkLoad bulk) {
                anbefal.publish(anbefal.service(service), bulk);
            }
        };
    }

    /** A target over a {@link Store.BulkLoad}, started at the first chunk. */
    private abstract static class BulkTarget implements DatasetLoader.Target {
        private final java.util.function.Supplier<Store.BulkLoad> start;
        private Store.BulkLoad bulk;

        BulkTarget(java.util.function.Supplier<Store.BulkLoad> start) {
            this.start = start;
        }

        abstract void publish(Store.BulkLoad bulk);

        @Override
        public void load(List<DatasetRecord> chunk) {
            List<StoredUpdate> updates = new ArrayList<>(chunk.size());
            List<Link> links = new ArrayList<>();
            for (DatasetRecord r : chunk) {
                switch (r) {
                    case DatasetUpdate u -> updates.add(stored(u));
                    case DatasetItem i -> updates.add(stored(i.toUpdate()));
                    case DatasetLink l -> links.add(new Link(l.alias(), l.person(), l.timeMillis()));
                }
            }
            if (bulk == null) {
                bulk = start.get();
            }
            bulk.stage(updates, links);
        }

        @Override
        public void publish() {
            if (bulk != null) {
                publish(bulk);
            }
        }

        @Override
        public void close() {
            if (bulk != null) {
                bulk.close();
            }
        }
    }

    /**
     * Writes one service's links and then its updates, in commit order, as a dataset document. Updates without
     * entities are left out (the format needs one).
     *
     * @return how many records were written
     */
    public static long export(Store store, String service, OutputStream out) {
        try (DatasetWriter writer = new DatasetWriter(out, service, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))) {
            store.replay(new Store.ReplaySink() {
                @Override
                public void link(String s, Link link) {
                    if (s.equals(service)) {
                        writer.write(new DatasetLink(link.alias(), link.person(), link.timeMillis()));
                    }
                }

                @Override
                public void update(String s, StoredUpdate update) {
                    if (s.equals(service) && !update.event().entities().isEmpty()) {
                        // an update without entities (a Miso-style record naming no product, such as a home page
                        // view) has no form in the dataset format, which needs at least one entity: left out
                        Event e = update.event();
                        writer.write(new DatasetUpdate(e.person(), e.entities(), e.what(), e.where(), e.origin(),
                                e.tags(), e.timeMillis(), e.boost(), e.number(), update.eventId()));
                    }
                }
            });
            return writer.written();
        }
    }

    static StoredUpdate stored(DatasetUpdate u) {
        return new StoredUpdate(new Event(u.customer(), u.entities(), u.what(), u.where(), u.origin(), u.tags(),
                u.timeMillis(), u.boost(), u.number()), u.eventId());
    }

}
