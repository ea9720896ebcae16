package io.anbefal.app;

import io.anbefal.engine.Engine;
import io.anbefal.store.Link;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The identity-link map: per service, the person each alias (visitor id or merged id) was last linked to, and what
 * the browser trust model asks of the links ({@link #linked}, {@link #withCustomer}). Every link the engine learns
 * passes through {@link #apply}, which also counts them, to tell whether the engine has the whole log.
 */
final class Identities {

    private final Engine engine;
    /** Per service: alias (visitor id or merged id) to the person it was last linked to. */
    private final Map<String, Map<String, String>> links = new ConcurrentHashMap<>();
    /** Per service: every id that took part in a link (either side); an id not in it was never linked. */
    private final Map<String, Set<String>> linkedIds = new ConcurrentHashMap<>();
    /**
     * Per service: ids linked into an identity that holds a customer (an id that is not a visitor id of the form
     * this server issues), as far as the links' two sides show it; see {@link BrowserTrust}.
     */
    private final Map<String, Set<String>> customerIds = new ConcurrentHashMap<>();
    /** Links this process has applied (replayed, restored or committed), to tell whether the engine has the log. */
    private final AtomicLong applied = new AtomicLong();

    Identities(Engine engine) {
        this.engine = engine;
    }

    /** Learns a link: into the map, the trust index and the engine. */
    void apply(String service, Link link) {
        applied.incrementAndGet();
        links.computeIfAbsent(service, s -> new ConcurrentHashMap<>()).put(link.alias(), link.person());
        index(service, link.alias(), link.person());
        engine.link(service, link.alias(), link.person());
    }

    /** Takes the links a model snapshot restored into the engine, and the count of links the log had then. */
    void restore(Map<String, Map<String, String>> restored, long appliedLinks) {
        links.putAll(restored);
        restored.forEach(this::indexLinks);
        applied.set(appliedLinks);
    }

    /** Forgets a service's links and what the trust model knew of them (an erasure relearns them from the log). */
    void forget(String service) {
        links.remove(service);
        linkedIds.remove(service);
        customerIds.remove(service);
    }

    /** How many links this process applied. */
    long applied() {
        return applied.get();
    }

    /** Sets the count of applied links (after an erasure, which relearns a service's links). */
    void applied(long n) {
        applied.set(n);
    }

    /** Every service's links, alias to person (live: for the snapshot, written on the group-commit thread). */
    Map<String, Map<String, String>> all() {
        return links;
    }

    /** A service's links, alias to person (live), or an empty map. */
    Map<String, String> of(String service) {
        return links.getOrDefault(service, Map.of());
    }

    /** The person a visitor id or merged id is linked to, or null. */
    String linkedTo(String service, String alias) {
        Map<String, String> map = links.get(service);
        return map == null ? null : map.get(alias);
    }

    /** Whether {@code id} took part in a link (as either side): false for an id that was never linked. */
    boolean linked(String service, String id) {
        Set<String> ids = linkedIds.get(service);
        return ids != null && ids.contains(id);
    }

    /** Whether {@code id} is linked into an identity holding a customer (see {@link #customerIds}). */
    boolean withCustomer(String service, String id) {
        Set<String> ids = customerIds.get(service);
        return ids != null && ids.contains(id);
    }

    /** Indexes restored links; a link marks customers until nothing changes, as the links' order is lost. */
    private void indexLinks(String service, Map<String, String> aliases) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, String> e : aliases.entrySet()) {
                changed |= index(service, e.getKey(), e.getValue());
            }
        }
    }

    /** Indexes one link; whether it marked an id as linked to a customer that was not before. */
    private boolean index(String service, String alias, String person) {
        Set<String> ids = linkedIds.computeIfAbsent(service, s -> ConcurrentHashMap.newKeySet());
        ids.add(alias);
        ids.add(person);
        Set<String> customers = customerIds.computeIfAbsent(service, s -> ConcurrentHashMap.newKeySet());
        if (!BrowserTrust.looksIssued(alias) || !BrowserTrust.looksIssued(person)
                || customers.contains(alias) || customers.contains(person)) {
            return customers.add(alias) | customers.add(person);
        }
        return false;
    }
}
