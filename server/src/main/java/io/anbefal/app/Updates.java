package io.anbefal.app;

import io.anbefal.engine.Engine;
import io.anbefal.engine.Event;
import io.anbefal.store.Limits;
import io.anbefal.store.Link;
import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The write path of signals: maps updates (and the links they imply) to stored rows, commits them through the
 * group committer and, once durable, teaches the engine ({@link #afterCommit}).
 */
final class Updates {

    private final Engine engine;
    private final Identities identities;
    private final Recovery recovery;
    private final Telemetry telemetry;
    private final GroupCommitter committer;

    Updates(Engine engine, Identities identities, Recovery recovery, Telemetry telemetry, GroupCommitter committer) {
        this.engine = engine;
        this.identities = identities;
        this.recovery = recovery;
        this.telemetry = telemetry;
        this.committer = committer;
    }

    /** See {@link Anbefal#update(String, List, List, boolean)}. */
    int update(String service, List<Update> updates, List<String> visitors, boolean mayLink) {
        long now = System.currentTimeMillis();
        List<StoredUpdate> stored = new ArrayList<>(updates.size());
        List<Link> newLinks = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            Update u = updates.get(i);
            String visitor = visitors.get(i);
            String person;
            if (u.anonymous()) {
                if (visitor == null) {
                    throw AnbefalException.badInput("updates[" + i + "].customer is missing"
                            + (u.customer() == null ? "" : " (\"anonymous\" needs a visitor id)")
                            + ": name the customer, or send the visitor id as the x-ssasid header,"
                            + " the ssasid cookie or an ssasid field");
                }
                person = visitor;
            } else {
                person = u.customer();
                if (mayLink && visitor != null && !visitor.equals(person)
                        && !person.equals(identities.linkedTo(service, visitor))
                        && newLinks.stream().noneMatch(l -> l.alias().equals(visitor) && l.person().equals(u.customer()))) {
                    newLinks.add(new Link(visitor, person, now));
                }
            }
            check("updates[" + i + "]", person, u);
            long time = u.timeMillis() == null ? now : u.timeMillis();
            stored.add(new StoredUpdate(new Event(person, u.entityIDs(), u.what(), u.where(), u.origin(), u.tags(),
                    time, u.boost(), u.number()), u.eventId()));
        }
        return commit(new Store.Batch(service, stored, newLinks)).size();
    }

    /** See {@link Anbefal#link}. */
    void link(String service, String alias, String person) {
        Lengths.check("alias", alias, Limits.PERSON);
        Lengths.check("person", person, Limits.PERSON);
        if (alias.equals(person) || person.equals(identities.linkedTo(service, alias))) {
            return;
        }
        commit(new Store.Batch(service, List.of(), List.of(new Link(alias, person, System.currentTimeMillis()))));
    }

    /** What the store's columns need of an update (the parsers check the same with their own field names). */
    private static void check(String at, String person, Update u) {
        Lengths.check(at + (u.anonymous() ? ".ssasid" : ".customer"), person, Limits.PERSON);
        Lengths.check(at + ".what", u.what(), Limits.WHAT);
        Lengths.check(at + ".where", u.where(), Limits.CHANNEL);
        Lengths.check(at + ".origin", u.origin(), Limits.ORIGIN);
        Lengths.check(at + ".eventId", u.eventId(), Limits.EVENT_ID);
        Lengths.checkJson(at + ".entityIDs", u.entityIDs());
        Lengths.checkJson(at + ".tags", u.tags());
    }

    private List<StoredUpdate> commit(Store.Batch batch) {
        try {
            return committer.submit(batch).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** On the group-commit thread, once a batch is durable: the engine learns its links, then its new updates. */
    void afterCommit(Store.Batch batch, List<StoredUpdate> accepted) {
        for (Link l : batch.links()) {
            identities.apply(batch.service(), l);
        }
        if (!accepted.isEmpty()) {
            List<Event> events = new ArrayList<>(accepted.size());
            for (StoredUpdate u : accepted) {
                events.add(u.event());
            }
            engine.apply(batch.service(), events);
            recovery.learnt(events.size());
            acknowledged(batch.service(), accepted);
        }
    }

    /** Tells the telemetry how many new updates of each {@code what} a commit made durable and learnt. */
    private void acknowledged(String service, List<StoredUpdate> accepted) {
        if (accepted.size() == 1) {
            telemetry.acknowledged(service, accepted.getFirst().event().what(), 1);
            return;
        }
        Map<String, Long> byWhat = new HashMap<>();
        for (StoredUpdate u : accepted) {
            byWhat.merge(u.event().what(), 1L, Long::sum);
        }
        byWhat.forEach((what, n) -> telemetry.acknowledged(service, what, n));
    }
}
