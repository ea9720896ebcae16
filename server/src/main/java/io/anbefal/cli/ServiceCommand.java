package io.anbefal.cli;

import io.anbefal.store.Limits;
import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Store;
import io.anbefal.tenant.CustomerSignatures;
import io.anbefal.tenant.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code anbefal service add|key|list}: works whether or not servers are running, on the H2 file of a data directory
 * (H2's auto-server mode) or on a shared PostgreSQL ({@link StoreOptions}); running servers learn a change from the
 * log.
 */
@Command(name = "service", mixinStandardHelpOptions = true, description = "Manage services (tenants).",
        subcommands = {ServiceCommand.Add.class, ServiceCommand.Key.class, ServiceCommand.ListServices.class})
public final class ServiceCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Adds a service, or a user and origins to an existing one. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a service with a basic-auth user, or add a user and origins to an existing service.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The service name (the 'service' field of requests).")
        String name;

        @Option(names = "--user", description = "User name for HTTP basic auth.")
        String user;

        @Option(names = "--password", description = "Its password (stored as a PBKDF2 hash).")
        String password;

        @Option(names = "--api-key", paramLabel = "KEY",
                description = "The service's API key for the Miso-style /v1 API (at least 24 characters; stored as a PBKDF2 hash; replaces an earlier key).")
        String apiKey;

        @Option(names = "--origin", paramLabel = "URL",
                description = "Browser origin allowed to call the ajax API, such as https://shop.example (repeatable).")
        List<String> origins = new ArrayList<>();

        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "A service setting, such as recommender.ArticleForSubscriberRecommender.type=ProductForCustomerRecommender (repeatable).")
        Map<String, String> settings = Map.of();

        @Mixin
        StoreOptions where = new StoreOptions();

        @Override
        public Integer call() {
            if (!name.matches("[A-Za-z0-9._-]{1,200}")) {
                System.err.println("A service name is 1 to 200 letters, digits, '.', '_' or '-': " + name);
                return 2;
            }
            if ((user == null) != (password == null) || (user == null && apiKey == null)) {
                System.err.println("Give --user and --password (basic auth), or --api-key (the /v1 API), or both.");
                return 2;
            }
            if (apiKey != null && !Services.validApiKey(apiKey)) {
                System.err.println("An API key is " + Services.API_KEY_MIN_LENGTH
                        + " to 200 printable ASCII characters without spaces.");
                return 2;
            }
            if (user != null && Services.keyUser(user)) {
                System.err.println("A user name may not start with " + Services.API_KEY_USER + " or "
                        + Services.PUBLISHABLE_KEY_USER);
                return 2;
            }
            for (String origin : origins) {
                if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                    System.err.println("An origin is scheme://host[:port] without a path, such as https://shop.example: " + origin);
                    return 2;
                }
            }
            String tooLong = tooLong(user, origins, settings);
            if (tooLong != null) {
                System.err.println(tooLong);
                return 2;
            }
            try (Store store = where.open()) {
                Map<String, String> before = store.service(name).map(ServiceAccount::settings).orElse(Map.of());
                io.anbefal.app.SettingsCheck check = new io.anbefal.app.SettingsCheck(io.anbefal.kibo.KiboSettings::problems,
                io.anbefal.miso.MisoSettings::problems);
                List<String> problems = check.introduced(before, settings);
                if (!problems.isEmpty()) { // the settings API's check: rules, Kibo, experiments
                    problems.forEach(System.err::println);
                    return 2;
                }
                Services services = new Services(store);
                ServiceAccount account = user != null ? services.add(name, user, password, origins)
                        : store.putService(name, origins);
                if (apiKey != null) {
                    services.setApiKey(name, apiKey);
                }
                if (!settings.isEmpty()) { // all at once, checked again against what is committed then
                    try {
                        store.putSettings(name, settings, now -> check.check(now, settings));
                    } catch (io.anbefal.app.AnbefalException e) {
                        System.err.println(e.getMessage());
                        return 2;
                    }
                }
                System.out.println("Service " + account.name() + ": " + (user == null ? "" : "user " + user + ", ")
                        + (apiKey == null ? "" : "API key set, ") + "origins " + account.origins()
                        + (settings.isEmpty() ? "" : ", settings " + settings.keySet()));
                System.out.println("Running servers on this data directory or database learn it (settings too) from the log at once.");
                Map<String, String> all = new java.util.HashMap<>(account.settings());
                all.putAll(settings);
                System.out.println(CustomerSignatures.required(all)
                        ? "Browsers: signed mode (crec.secret is set): a browser acts for a customer only with the"
                        + " customer id's signature (docs/crec.md)."
                        : "Browsers: open mode (no crec.secret): pages are trusted to name customers, raw history is"
                        + " answered only for the visitor's own id. For signed mode add --set crec.secret=SECRET"
                        + " (docs/crec.md).");
            }
            return 0;
        }

        /** What is over its column's limit (store/Limits), or null. */
        private static String tooLong(String user, List<String> origins, Map<String, String> settings) {
            if (user != null && user.length() > Limits.USER) {
                return "A user name is at most " + Limits.USER + " characters";
            }
            for (String origin : origins) {
                if (origin.length() > Limits.SERVICE_ORIGIN) {
                    return "An origin is at most " + Limits.SERVICE_ORIGIN + " characters: " + origin.substring(0, 60) + "...";
                }
            }
            for (Map.Entry<String, String> e : settings.entrySet()) {
                if (e.getKey().length() > Limits.SETTING_KEY || e.getValue().length() > Limits.SETTING_VALUE) {
                    return "A setting's key is at most " + Limits.SETTING_KEY + " characters and its value at most "
                            + Limits.SETTING_VALUE + ": " + e.getKey().substring(0, Math.min(60, e.getKey().length()));
                }
            }
            return null;
        }
    }

    /** Sets or replaces the API key (or the publishable key) of an existing service; generates one when none is given. */
    @Command(name = "key", mixinStandardHelpOptions = true,
            description = "Set (replace) a service's API key for the Miso-style /v1 API, or with --publishable its "
                    + "browser key; prints a generated key when none is given.")
    static final class Key implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The service name.")
        String name;

        @Option(names = "--api-key", paramLabel = "KEY", description = "The key (at least 24 characters); omit to generate one.")
        String apiKey;

        @Option(names = "--publishable", description = "The publishable key, for browsers: it reads and sends "
                + "interactions from the service's origins, but cannot write the catalog.")
        boolean publishable;

        @Mixin
        StoreOptions where = new StoreOptions();

        @Override
        public Integer call() {
            if (apiKey != null && !Services.validApiKey(apiKey)) {
                System.err.println("An API key is " + Services.API_KEY_MIN_LENGTH
                        + " to 200 printable ASCII characters without spaces.");
                return 2;
            }
            try (Store store = where.open()) {
                if (store.service(name).isEmpty()) {
                    System.err.println("No service " + name + ". Add it with: bin/anbefal service add " + name + " --api-key KEY");
                    return 1;
                }
                String key = apiKey != null ? apiKey : Services.generateApiKey();
                Services services = new Services(store);
                if (publishable) {
                    services.setPublishableKey(name, key);
                } else {
                    services.setApiKey(name, key);
                }
                String what = publishable ? "Publishable key of " : "API key of ";
                System.out.println(apiKey != null ? what + name + " set." : what + name + ": " + key);
                System.out.println("It replaces any earlier key; a running server may accept the old one for up to a minute.");
            }
            return 0;
        }
    }

    /** Lists the services. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the services with their origins and update counts.")
    static final class ListServices implements Callable<Integer> {
        @Mixin
        StoreOptions where = new StoreOptions();

        @Override
        public Integer call() {
            try (Store store = where.open()) {
                Map<String, Long> counts = store.updateCounts();
                List<ServiceAccount> services = store.services();
                if (services.isEmpty()) {
                    System.out.println("No services yet. Add one with: bin/anbefal service add NAME --user U --password P");
                }
                for (ServiceAccount a : services) {
                    System.out.printf("%-24s created %s  updates %d  origins %s%n", a.name(), a.created(),
                            counts.getOrDefault(a.name(), 0L), a.origins());
                }
            }
            return 0;
        }
    }
}
