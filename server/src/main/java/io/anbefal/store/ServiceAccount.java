package io.anbefal.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A service (tenant): its browser origins and settings. Users and their password hashes are kept apart.
 *
 * @param name     the {@code service} field of every request
 * @param created  when the service was added
 * @param origins  browser origins allowed to call the ajax API, such as {@code https://shop.example}
 * @param settings flat engine and service settings (see docs/engine.md)
 */
public record ServiceAccount(String name, Instant created, List<String> origins, Map<String, String> settings) {
    public ServiceAccount {
        origins = List.copyOf(origins);
        settings = Map.copyOf(settings);
    }
}
