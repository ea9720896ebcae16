package io.anbefal.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store's tenants: services with their origins and settings, and their users' credentials (password hashes,
 * API keys). What the services registry ({@code tenant/Services}) needs of the store. Writes return only after
 * they are committed.
 */
public interface TenantStore {

    /** Creates a service, or adds the given origins to an existing one. Returns the stored account. */
    ServiceAccount putService(String name, List<String> origins);

    /** Sets (replaces) one setting of a service; a null value removes it. */
    default void putSetting(String service, String key, String value) {
        putSettings(service, java.util.Collections.singletonMap(key, value), before -> { });
    }

    /**
     * Sets several settings of a service at once (a null value removes its key): one transaction and one settings
     * entry of the log, so that every reader, a node following the log and a restart after a crash see all of them or
     * none. {@code check} is given the service's settings as committed just before, inside that transaction and after
     * the log clock is taken (which serialises every writer of the log, in every process: no other settings write
     * comes between the check and the commit); an unchecked exception it throws rolls everything back and is thrown.
     */
    void putSettings(String service, Map<String, String> changes, Consumer<Map<String, String>> check);

    Optional<ServiceAccount> service(String name);

    List<ServiceAccount> services();

    /** Adds a user or replaces its password hash. */
    void putUser(UserCredential credential);

    Optional<UserCredential> user(String service, String user);

    /** All users of that name, whatever their service (to tell 401 from 403). */
    List<UserCredential> usersNamed(String user);

    /**
     * In one transaction, removes the service's users whose name starts with {@code namePrefix} and adds
     * {@code credential} (replacing a service's API key, kept as a user named {@code api-key:...}).
     */
    void replaceUsers(String service, String namePrefix, UserCredential credential);
}
