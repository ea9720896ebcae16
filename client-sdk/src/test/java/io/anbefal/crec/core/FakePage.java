package io.anbefal.crec.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery's ports for tests: storage in a map (or blocked, as with cookies and storage disabled), a network
 * that records what was handed to it and takes beacons or refuses them, and timers that are only recorded (a
 * test fires them by calling {@link Delivery#flush()}). A fetch stays in flight until the test answers it with
 * {@link Delivery#sent(int, boolean)}, as the page glue does when the browser's promise settles.
 */
final class FakePage implements Storage, Transport, Timer {

    final Map<String, String> storage = new HashMap<>();
    boolean storageBlocked;
    boolean beaconsTaken = true;
    final List<String> beacons = new ArrayList<>();
    final List<String> fetches = new ArrayList<>();
    final List<Integer> fetched = new ArrayList<>();
    final List<String[]> identified = new ArrayList<>();
    final List<Double> timers = new ArrayList<>();

    /** A new page view on the same storage (a reload or a navigation): fresh network and timers. */
    FakePage reload() {
        FakePage next = new FakePage();
        next.storage.putAll(storage);
        next.storageBlocked = storageBlocked;
        next.beaconsTaken = beaconsTaken;
        return next;
    }

    Delivery delivery(String cookie, boolean consentRequired) {
        return new Delivery(Text.JVM, this, this, this, "shop", cookie, consentRequired);
    }

    @Override
    public String get(String key) {
        return storageBlocked ? null : storage.get(key);
    }

    @Override
    public void set(String key, String value) {
        if (storageBlocked) {
            return;
        }
        if (value == null) {
            storage.remove(key);
        } else {
            storage.put(key, value);
        }
    }

    @Override
    public boolean beacon(String body) {
        if (beaconsTaken) {
            beacons.add(body);
        }
        return beaconsTaken;
    }

    @Override
    public void fetch(String body, int n) {
        fetches.add(body);
        fetched.add(n);
    }

    @Override
    public void identify(String ssasid, String alias) {
        identified.add(new String[] {ssasid, alias});
    }

    @Override
    public void flushAfter(double ms) {
        timers.add(ms);
    }
}
