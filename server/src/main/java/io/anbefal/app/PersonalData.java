package io.anbefal.app;

import io.anbefal.engine.Event;
import io.anbefal.store.Link;
import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A person's stored data, for an access request (GDPR art. 15): the ids that are one person (the id asked for and
 * every id linked to it, either way, as an erasure takes them), their links, every update of theirs in the log
 * (single rows and published bulk loads) and their user record. It reads the whole log of the store once, so it
 * costs as much as an export; it is meant for the rare request, not for serving.
 */
final class PersonalData {

    private PersonalData() {
    }

    /** The ids linked to {@code id} through the links (alias to person), in both directions, {@code id} first. */
    static Set<String> identity(String id, Map<String, String> links) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(id);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, String> e : links.entrySet()) {
                if (ids.contains(e.getKey()) != ids.contains(e.getValue())) {
                    grew |= ids.add(e.getKey()) | ids.add(e.getValue());
                }
            }
        }
        return ids;
    }

    /** What the store holds of the person, as a JSON-ready map. */
    static Map<String, Object> export(Store store, String service, String id, Map<String, String> links) {
        Set<String> ids = identity(id, links);
        List<Map<String, Object>> updates = new ArrayList<>();
        List<Map<String, Object>> linked = new ArrayList<>();
        store.replay(new Store.ReplaySink() {
            @Override
            public void link(String s, Link link) {
                if (s.equals(service) && (ids.contains(link.alias()) || ids.contains(link.person()))) {
                    Map<String, Object> l = new LinkedHashMap<>();
                    l.put("alias", link.alias());
                    l.put("person", link.person());
                    l.put("timeMillis", link.timeMillis());
                    linked.add(l);
                }
            }

            @Override
            public void update(String s, StoredUpdate update) {
                Event e = update.event();
                if (s.equals(service) && ids.contains(e.person())) {
                    Map<String, Object> u = new LinkedHashMap<>();
                    u.put("person", e.person());
                    u.put("entityIDs", e.entities());
                    u.put("what", e.what());
                    u.put("where", e.where());
                    u.put("origin", e.origin());
                    u.put("tags", e.tags());
                    u.put("timeMillis", e.timeMillis());
                    u.put("boost", e.boost());
                    u.put("number", e.number());
                    u.put("eventId", update.eventId());
                    updates.add(u);
                }
            }
        });
        Map<String, Object> users = new LinkedHashMap<>();
        for (String one : ids) {
            Optional<String> record = store.userRecord(service, one);
            record.ifPresent(r -> users.put(one, r));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", service);
        out.put("id", id);
        out.put("ids", List.copyOf(ids));
        out.put("links", linked);
        out.put("updates", updates);
        out.put("userRecords", users);
        return out;
    }
}
