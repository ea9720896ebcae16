package io.anbefal.store;

import java.util.List;
import java.util.Optional;

/**
 * The store's tenants: services with their origins and settings, and their users' credentials (password hashes,
 * API keys). What the services registry ({@code tenant/Services}) needs of the store. Writes return only after
 * they are committed.
 */
public interface TenantStore {

    /** Creates a service, or adds the given origins to an existing one. Returns the stored account. */
    ServiceAccount putService(String name, List<String> origins);

    /** Sets (replaces) one setting of a service; a null value removes it. */
    void putSetting(String service, String key, String value);

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
