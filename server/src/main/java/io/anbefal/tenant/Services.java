package io.anbefal.tenant;

import io.anbefal.store.ServiceAccount;
import io.anbefal.store.TenantStore;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Services (tenants), their users and origins: adding them, and checking credentials and browser origins.
 * <p>
 * Verified credentials are remembered (as a SHA-256 of user and password, never the password) for a minute,
 * so that the slow PBKDF2 check runs once per client and minute, not once per request. Failed ones are remembered
 * likewise, so a repeated wrong password costs no hashing either; concurrent checks of the same credentials share
 * one check. The checks themselves run on {@link PasswordChecks}, bounded per client, per credential and in all
 * (past a bound: {@link TooManyChecks}). Services are looked up in the store on a miss, so a service added by
 * another process (the {@code service add} command) is seen at once; a password set by another process while a
 * wrong guess of it is remembered works once that minute is over.
 */
public class Services {

    private static final long CACHE_MILLIS = 60_000;
    private static final int CACHE_MAX = 10_000;
    /** The credentials' cache key's digest, cloned per use ({@code getInstance} looks the provider up each time). */
    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
    /** The client of a check whose caller does not say who asks. */
    public static final String UNKNOWN_CLIENT = "";

    /** API keys are kept as users named this prefix plus the key's first characters (its look-up id). */
    public static final String API_KEY_USER = "api-key:";
    /** Publishable (browser) keys likewise, under this prefix. */
    public static final String PUBLISHABLE_KEY_USER = "publishable-key:";
    /** How many of a key's first characters name it in the store (the rest stays secret). */
    public static final int API_KEY_ID_LENGTH = 8;
    /** The shortest API key accepted: its id, and at least 16 secret characters after it. */
    public static final int API_KEY_MIN_LENGTH = 24;

    private final TenantStore store;
    private final Map<String, ServiceAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Map<String, VerifiedKey> verifiedKeys = new ConcurrentHashMap<>();
    /** SHA-256 of failed credentials (users and keys apart by prefix) to when they may be checked again. */
    private final Map<String, Long> failed = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Object>> checking = new ConcurrentHashMap<>();
    private final PasswordChecks checks;

    public Services(TenantStore store) {
        this(store, PasswordChecks.Limits.DEFAULT);
    }

    Services(TenantStore store, PasswordChecks.Limits limits) {
        this.store = store;
        this.checks = new PasswordChecks(limits);
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
        failed.clear();
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
        failed.clear();
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

    /** {@link #ownerOfKey(String, String)} for a client that is not told apart from others. */
    public Optional<KeyOwner> ownerOfKey(String key) {
        return ownerOfKey(key, UNKNOWN_CLIENT);
    }

    /**
     * The service whose secret or publishable key this is, if any; a verified key is remembered for a minute, and
     * so is a wrong one whose id (first {@value #API_KEY_ID_LENGTH} characters) names a key.
     *
     * @param client who asks (the remote address), for the bounds of {@link PasswordChecks}
     * @throws TooManyChecks when the key would need a hash check past those bounds
     */
    public Optional<KeyOwner> ownerOfKey(String key, String client) {
        if (!validApiKey(key)) {
            return Optional.empty();
        }
        String digest = key(API_KEY_USER, key);
        VerifiedKey cached = verifiedKeys.get(digest);
        if (cached != null && cached.until() > System.currentTimeMillis()) {
            return Optional.of(cached.owner());
        }
        if (failedRecently("k" + digest)) {
            return Optional.empty();
        }
        String id = key.substring(0, API_KEY_ID_LENGTH);
        List<UserCredential> secret = store.usersNamed(API_KEY_USER + id);
        List<UserCredential> publishable = store.usersNamed(PUBLISHABLE_KEY_USER + id);
        if (secret.isEmpty() && publishable.isEmpty()) {
            return Optional.empty(); // no hash to check: nothing to remember
        }
        return once("k" + digest, () -> remember(digest, checks.check(client, "key:" + id, () -> {
            for (UserCredential c : secret) {
                if (Passwords.matches(key, c.hash())) {
                    return Optional.of(new KeyOwner(c.service(), false));
                }
            }
            for (UserCredential c : publishable) {
                if (Passwords.matches(key, c.hash())) {
                    return Optional.of(new KeyOwner(c.service(), true));
                }
            }
            return Optional.<KeyOwner>empty();
        }, Optional::isPresent)));
    }

    /** Remembers a key check's answer (before its waiters see it, so none of them checks again). */
    private Optional<KeyOwner> remember(String digest, Optional<KeyOwner> owner) {
        if (owner.isPresent()) {
            if (verifiedKeys.size() >= CACHE_MAX) {
                verifiedKeys.clear();
            }
            verifiedKeys.put(digest, new VerifiedKey(owner.get(), System.currentTimeMillis() + CACHE_MILLIS));
        } else {
            rememberFailure("k" + digest);
        }
        return owner;
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

    /** {@link #authenticate(String, String, String)} for a client that is not told apart from others. */
    public Set<String> authenticate(String user, String password) {
        return authenticate(user, password, UNKNOWN_CLIENT);
    }

    /**
     * The services these basic-auth credentials are valid for (empty when they are valid for none). The slow hash
     * check runs once per credentials and minute: a positive answer is remembered, and so is a negative one.
     *
     * @param client who asks (the remote address), for the bounds of {@link PasswordChecks}
     * @throws TooManyChecks when the credentials would need a hash check past those bounds
     */
    public Set<String> authenticate(String user, String password, String client) {
        String key = key(user, password);
        Verified cached = verified.get(key);
        if (cached != null && cached.until() > System.currentTimeMillis()) {
            return cached.services();
        }
        if (keyUser(user) || failedRecently("u" + key)) {
            return Set.of(); // an API key is not a basic-auth user
        }
        List<UserCredential> users = store.usersNamed(user);
        if (users.isEmpty()) {
            return Set.of(); // no hash to check
        }
        return once("u" + key, () -> remember(key, checks.check(client, "user:" + user, () -> {
            Set<String> services = new HashSet<>();
            for (UserCredential c : users) {
                if (Passwords.matches(password, c.hash())) {
                    services.add(c.service());
                }
            }
            return Set.copyOf(services);
        }, v -> !v.isEmpty())));
    }

    /** Remembers a password check's answer (before its waiters see it, so none of them checks again). */
    private Set<String> remember(String key, Set<String> valid) {
        if (!valid.isEmpty()) {
            if (verified.size() >= CACHE_MAX) {
                verified.clear();
            }
            verified.put(key, new Verified(valid, System.currentTimeMillis() + CACHE_MILLIS));
        } else {
            rememberFailure("u" + key);
        }
        return valid;
    }

    private boolean failedRecently(String digest) {
        Long until = failed.get(digest);
        return until != null && until > System.currentTimeMillis();
    }

    private void rememberFailure(String digest) {
        long now = System.currentTimeMillis();
        if (failed.size() >= CACHE_MAX) {
            failed.values().removeIf(until -> until <= now);
            if (failed.size() >= CACHE_MAX) {
                failed.clear();
            }
        }
        failed.put(digest, now + CACHE_MILLIS);
    }

    /** Runs {@code check} once for concurrent callers with the same credentials: the others wait for its answer. */
    @SuppressWarnings("unchecked")
    private <T> T once(String digest, Supplier<T> check) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = checking.putIfAbsent(digest, mine);
        if (running != null) {
            try {
                return (T) running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            T answer = check.get();
            mine.complete(answer);
            return answer;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(digest, mine);
        }
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
            MessageDigest sha = (MessageDigest) SHA256.clone();
            byte[] digest = sha.digest((user + '\0' + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

}
