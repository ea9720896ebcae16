package io.anbefal.http.miso;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code task_id}s of uploads and deletes, for {@code GET /v1/products/_status/{task_id}} (and users). Processing
 * is synchronous here, so a task is finished when its id is answered: its status is final at once and carries the
 * answer. Kept in memory, the latest 10,000: a restart forgets them (an unknown task is a 404).
 */
final class MisoTasks {

    private static final int KEEP = 10_000;

    private final Map<String, Map<String, Object>> tasks = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> eldest) {
            return size() > KEEP;
        }
    };

    /** Records a finished task of a service; returns its id. */
    synchronized String finished(String service, Map<String, Object> result) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("task_id", id);
        status.put("status", "finished");
        status.putAll(result);
        tasks.put(service + "\u0000" + id, status);
        return id;
    }

    /** The status of a task of the service, or empty. */
    synchronized Optional<Map<String, Object>> status(String service, String id) {
        return Optional.ofNullable(tasks.get(service + "\u0000" + id));
    }
}
