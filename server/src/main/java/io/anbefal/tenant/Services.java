package io.anbefal.tenant;

import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Store;
import io.anbefal.store.UserCredential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Services (tenants), their users and origins: adding them, and checking credentials and browser origins.
 * <p>
 * Verified credentials are remembered (as a SHA-256 of user and password, never the password) for a minute,
 * so that the slow PBKDF2 check runs once per client and minute, not once per request. Services are looked up
 * in the store on a miss, so a service added by another process (the {@code service add} command) is seen at once.
 */
public class Services {

    private static final long CACHE_MILLIS = 60_000;
    private static final int CACHE_MAX = 10_000;

    /** API keys are kept as users named this prefix plus the key's first characters (its look-up id). */
    public static final String API_KEY_USER = "api-key:";
    /** Publishable (browser) keys likewise, under this prefix. */
    public static final String PUBLISHABLE_KEY_USER = "publishable-key:";
    /** How many of a key's first characters name it in the store (the rest stays secret). */
    public static final int API_KEY_ID_LENGTH = 8;
    /** The shortest API key accepted: its id, and at least 16 secret characters after it. */
    public static final int API_KEY_MIN_LENGTH = 24;

    private final Store store;
    private final Map<String, ServiceAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Map<String, VerifiedKey> verifiedKeys = new ConcurrentHashMap<>();

    public Services(Store store) {
        this.store = store;
    }

    /** Adds a service (or origins to an existing one) and a user with the given password. */
    public ServiceAccount add(String service, String user, String password, List<String> origins) {
        if (keyUser(user)) {
            throw new IllegalArgumentException("a user name may not start with " + API_KEY_USER + " or "
                    + PUBLISHABLE_KEY_USER);
        }
        ServiceAccount account = store.putService(service, origins);
        store.putUser(new UserCredential(service, user, Passwords.hash(password)));
        accounts.remove(service);
        verified.clear();
        return account;
    }

    /**
     * Sets (replaces) a service's API key, the Miso-style {@code api_key}. The key is stored as a PBKDF2 hash under
     * a user named {@code api-key:} plus the key's first {@value #API_KEY_ID_LENGTH} characters, so that a request
     * costs one hash check (then none for a minute), never one per service.
     *
     * @throws IllegalArgumentException if the key is shorter than {@value #API_KEY_MIN_LENGTH} characters or not
     *                                  printable ASCII without spaces
     */
    public void setApiKey(String service, String apiKey) {
        setKey(service, API_KEY_USER, apiKey);
    }

    /**
     * Sets (replaces) a service's publishable key: the key a browser may carry (Miso's browser SDK). It reads
     * (recommendations, search, products) and sends interactions, but cannot write the catalog, and its requests
     * are held to the service's origins. Stored as {@link #setApiKey} stores the secret key, under
     * {@value #PUBLISHABLE_KEY_USER}.
     */
    public void setPublishableKey(String service, String key) {
        setKey(service, PUBLISHABLE_KEY_USER, key);
    }

    private void setKey(String service, String prefix, String key) {
        if (!validApiKey(key)) {
            throw new IllegalArgumentException("an API key is " + API_KEY_MIN_LENGTH
                    + " to 200 printable ASCII characters without spaces");
        }
        store.replaceUsers(service, prefix, new UserCredential(service, prefix + key.substring(0, API_KEY_ID_LENGTH),
                Passwords.hash(key)));
        verifiedKeys.clear();
    }

    /** Whether a user name is where a key is kept (no basic-auth user may have such a name). */
    public static boolean keyUser(String user) {
        return user.startsWith(API_KEY_USER) || user.startsWith(PUBLISHABLE_KEY_USER);
    }

    /** A new random API key (32 URL-safe characters). */
    public static String generateApiKey() {
        return Passwords.generate() + Passwords.generate().substring(0, 8);
    }

    /** Whether a string can be an API key. */
    public static boolean validApiKey(String key) {
        return key != null && key.length() >= API_KEY_MIN_LENGTH && key.length() <= 200 && key.matches("[!-~]+");
    }

    /** Whose key this is: a service's secret API key, or its publishable one. */
    public record KeyOwner(String service, boolean publishable) {
    }

    /** The service whose secret API key this is, if any. */
    public Optional<String> serviceOfApiKey(String apiKey) {
        return ownerOfKey(apiKey).filter(o -> !o.publishable()).map(KeyOwner::service);
    }

    /** The service whose secret or publishable key this is, if any; a verified key is remembered for a minute. */
    public Optional<KeyOwner> ownerOfKey(String key) {
        if (!validApiKey(key)) {
            return Optional.empty();
        }
        String digest = key(API_KEY_USER, key);
        VerifiedKey cached = verifiedKeys.get(digest);
        if (cached != null && cached.until() > System.currentTimeMillis()) {
            return Optional.of(cached.owner());
        }
        for (String prefix : List.of(API_KEY_USER, PUBLISHABLE_KEY_USER)) {
            for (UserCredential c : store.usersNamed(prefix + key.substring(0, API_KEY_ID_LENGTH))) {
                if (Passwords.matches(key, c.hash())) {
                    if (verifiedKeys.size() >= CACHE_MAX) {
                        verifiedKeys.clear();
                    }
                    KeyOwner owner = new KeyOwner(c.service(), prefix.equals(PUBLISHABLE_KEY_USER));
                    verifiedKeys.put(digest, new VerifiedKey(owner, System.currentTimeMillis() + CACHE_MILLIS));
                    return Optional.of(owner);
                }
            }
        }
        return Optional.empty();
    }

    /** The service, from the cache or the store. */
    public Optional<ServiceAccount> find(String service) {
        ServiceAccount cached = accounts.get(service);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ServiceAccount> found = store.service(service);
        found.ifPresent(a -> accounts.put(service, a));
        return found;
    }

    public List<ServiceAccount> all() {
        return store.services();
    }

    /** Forgets cached accounts (after settings changed). */
    public void refresh(String service) {
        accounts.remove(service);
    }

    /**
     * The services these basic-auth credentials are valid for (empty when they are valid for none). The slow hash
     * check runs once per credentials and minute; a positive answer is remembered.
     */
    public Set<String> authenticate(String user, String password) {
        String key = key(user, password);
        Verified cached = verified.get(key);
        if (cached != null && cached.until() > System.currentTimeMillis()) {
            return cached.services();
        }
        Set<String> valid = new HashSet<>();
        if (keyUser(user)) {
            return Set.of(); // an API key is not a basic-auth user
        }
        for (UserCredential c : store.usersNamed(user)) {
            if (Passwords.matches(password, c.hash())) {
                valid.add(c.service());
            }
        }
        if (!valid.isEmpty()) {
            if (verified.size() >= CACHE_MAX) {
                verified.clear();
            }
            verified.put(key, new Verified(Set.copyOf(valid), System.currentTimeMillis() + CACHE_MILLIS));
        }
        return valid;
    }

    /** Whether a browser origin may call the ajax API of this service. */
    public boolean originAllowed(ServiceAccount account, String origin) {
        return account.origins().contains(origin) || account.origins().contains("*");
    }

    /** Whether any service allows this origin (for CORS preflights, which carry no service). */
    public boolean anyAllows(String origin) {
        for (ServiceAccount a : accounts.values()) {
            if (originAllowed(a, origin)) {
                return true;
            }
        }
        for (ServiceAccount a : store.services()) {
            accounts.put(a.name(), a);
            if (originAllowed(a, origin)) {
                return true;
            }
        }
        return false;
    }

    private record Verified(Set<String> services, long until) {
    }

    private record VerifiedKey(KeyOwner owner, long until) {
    }

    private static String key(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((user + '\0' + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
