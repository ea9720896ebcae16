package io.anbefal.store;

import java.util.ArrayList;
import java.util.List;

/** A replay sink for tests: keeps what it hears, per kind and in the order heard. */
final class Replayed implements Store.ReplaySink {

    /** Links and updates in the order heard: {@code "link ALIAS"} or the update's person. */
    final List<String> order = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    final List<StoredUpdate> updates = new ArrayList<>();
    /** The change entries heard: {@code "settings S"}, {@code "catalog S [ids]"} or {@code "erased S"}. */
    final List<String> changes = new ArrayList<>();
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

    @Override
    public void settingsChanged(String service) {
        changes.add("settings " + service);
    }

    @Override
    public void catalogChanged(String service, List<String> productIds) {
        changes.add("catalog " + service + " " + (productIds == null ? "all" : new java.util.TreeSet<>(productIds)));
    }

    @Override
    public void erased(String service) {
        changes.add("erased " + service);
    }

    /** What the log holds after {@code from} (the change entries included), as a node that tails it hears it. */
    static Replayed after(Store store, LogPosition from) {
        Replayed replayed = new Replayed();
        store.tail(from, replayed);
        return replayed;
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
