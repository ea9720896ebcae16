package io.anbefal.store;

import java.util.ArrayList;
import java.util.List;

/** A replay sink for tests: keeps what it hears, per kind and in the order heard. */
final class Replayed implements Store.ReplaySink {

    /** Links and updates in the order heard: {@code "link ALIAS"} or the update's person. */
    final List<String> order = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    final List<StoredUpdate> updates = new ArrayList<>();
    private final List<String> services = new ArrayList<>();

    /** Everything the store's log holds. */
    static Replayed of(Store store) {
        Replayed replayed = new Replayed();
        store.replay(replayed);
        return replayed;
    }

    @Override
    public void link(String service, Link link) {
        links.add(link);
        order.add("link " + link.alias());
    }

    @Override
    public void update(String service, StoredUpdate update) {
        updates.add(update);
        services.add(service);
        order.add(update.event().person());
    }

    /** The updates of one service, in order. */
    List<StoredUpdate> updates(String service) {
        List<StoredUpdate> of = new ArrayList<>();
        for (int k = 0; k < updates.size(); k++) {
            if (services.get(k).equals(service)) {
                of.add(updates.get(k));
            }
        }
        return of;
    }
}
