package io.anbefal.dataset;

import io.anbefal.app.Anbefal;
import io.anbefal.app.Update;
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
     * Appends each chunk to the store's event log in one commit. The engine of a server that is already running
     * on the same data directory does not see these updates until its next start (it replays the log then).
     */
    public static DatasetLoader.Target store(Store store, String service) {
        return chunk -> {
            List<StoredUpdate> updates = new ArrayList<>(chunk.size());
            List<Link> links = new ArrayList<>();
            for (DatasetRecord r : chunk) {
                switch (r) {
                    case DatasetUpdate u -> updates.add(stored(u));
                    case DatasetItem i -> updates.add(stored(i.toUpdate()));
                    case DatasetLink l -> links.add(new Link(l.alias(), l.person(), l.timeMillis()));
                }
            }
            store.append(List.of(new Store.Batch(service, updates, links)));
        };
    }

    /** Feeds each chunk through the application: durable, then applied to the engine. */
    public static DatasetLoader.Target application(Anbefal anbefal, String service) {
        return chunk -> {
            List<Update> updates = new ArrayList<>(chunk.size());
            for (DatasetRecord r : chunk) {
                switch (r) {
                    case DatasetUpdate u -> updates.add(update(u));
                    case DatasetItem i -> updates.add(update(i.toUpdate()));
                    case DatasetLink l -> {
                        flush(anbefal, service, updates);
                        anbefal.link(service, l.alias(), l.person());
                    }
                }
            }
            flush(anbefal, service, updates);
        };
    }

    private static void flush(Anbefal anbefal, String service, List<Update> updates) {
        if (!updates.isEmpty()) {
            anbefal.update(service, List.copyOf(updates), null);
            updates.clear();
        }
    }

    /**
     * Writes one service's links and then its updates, in commit order, as a dataset document.
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
                    if (s.equals(service)) {
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

    private static Update update(DatasetUpdate u) {
        return new Update(u.customer(), u.entities(), u.what(), u.where(), u.origin(), u.tags(), u.timeMillis(),
                u.boost(), u.number(), u.eventId());
    }
}
