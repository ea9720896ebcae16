package io.anbefal.app;

import io.anbefal.engine.Engine;
import io.anbefal.engine.Event;
import io.anbefal.store.Link;
import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds the log (a replay, a bulk publication, an erasure's relearning) to the engine in chunks per service, in
 * log order: a link is learnt after the updates before it. Call {@link #finish} at the end.
 */
final class EngineFeed implements Store.ReplaySink {

    static final int CHUNK = 4096;

    private final Engine engine;
    private final Identities identities;
    private final Telemetry telemetry;
    private final Map<String, List<Event>> chunks = new HashMap<>();
    /** Updates in the engine before this feed (restored from the snapshot), for the replay progress. */
    private final long before;
    private long n;

    EngineFeed(Engine engine, Identities identities, Telemetry telemetry, long before) {
        this.engine = engine;
        this.identities = identities;
        this.telemetry = telemetry;
        this.before = before;
    }

    @Override
    public void link(String service, Link link) {
        List<Event> chunk = chunks.get(service);
        if (chunk != null && !chunk.isEmpty()) {
            engine.apply(service, chunk); // the updates before the link first, as the log has them
            chunk.clear();
        }
        identities.apply(service, link);
    }

    @Override
    public void update(String service, StoredUpdate update) {
        List<Event> chunk = chunks.computeIfAbsent(service, s -> new ArrayList<>(CHUNK));
        chunk.add(update.event());
        n++;
        if (chunk.size() == CHUNK) {
            engine.apply(service, chunk);
            chunk.clear();
            telemetry.replayProgress(before + n);
        }
    }

    /** Applies what is left; returns how many updates were fed. */
    long finish() {
        chunks.forEach((service, chunk) -> {
            if (!chunk.isEmpty()) {
                engine.apply(service, chunk);
                chunk.clear();
            }
        });
        return n;
    }
}
