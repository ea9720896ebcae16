package io.anbefal.cli;

import io.anbefal.AnbefalServer;
import io.anbefal.store.Database;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of {@code serve}, one Helidon {@link Config} under the key {@code anbefal}, from (highest
 * first) the command line's flags, environment variables ({@code ANBEFAL_PORT} is {@code anbefal.port},
 * {@code ANBEFAL_SHOP_PORT} is {@code anbefal.shop-port}: {@link #environmentName}), the YAML file of
 * {@code --config}, and the defaults below. docs/configuration.md lists every key.
 */
public final class ServeConfig {

    /** Every key under {@code anbefal} with its default. */
    public static final Map<String, String> DEFAULTS = defaults();

    private ServeConfig() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("host", "0.0.0.0");
        d.put("port", "8080");
        d.put("shop-port", "8081");
        d.put("data", "./data");
        d.put("max-body", "1048576");
        d.put("demo", "true");
        d.put("snapshot-every", String.valueOf(AnbefalServer.Settings.SNAPSHOT_EVERY));
        d.put("access-log", "false");
        // seconds between two retention passes over the services with retention.days (docs/operations.md)
        d.put("retention-every-seconds", String.valueOf(AnbefalServer.Settings.RETENTION_EVERY.toSeconds()));
        // empty: the embedded H2 file in the data directory; else jdbc:postgresql://HOST/DB (docs/deployment.md)
        d.put("database", "");
        d.put("db-user", "anbefal");
        d.put("db-password-file", "");
        return java.util.Collections.unmodifiableMap(d);
    }

    private static java.time.Duration retentionEvery(double seconds) {
        if (!(seconds >= 0.01) || seconds > 366 * 86_400) {
            throw new IllegalArgumentException("anbefal.retention-every-seconds must be between 0.01 and a year, not "
                    + seconds);
        }
        return java.time.Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** The environment variable of a key: {@code shop-port} is {@code ANBEFAL_SHOP_PORT}. */
    public static String environmentName(String key) {
        return "ANBEFAL_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /**
     * The settings from these sources.
     *
     * @param file  the YAML file, or null for none
     * @param env   the environment (System.getenv() when serving)
     * @param flags the flags given on the command line, by key ({@code port}, {@code shop-port}, ...)
     */
    public static AnbefalServer.Settings load(Path file, Map<String, String> env, Map<String, String> flags) {
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No configuration file " + file);
        }
        Map<String, String> cli = new LinkedHashMap<>();
        flags.forEach((k, v) -> cli.put("anbefal." + k, v));
        Map<String, String> fromEnv = new LinkedHashMap<>();
        DEFAULTS.keySet().forEach(k -> {
            String value = env.get(environmentName(k));
            if (value != null) {
                fromEnv.put("anbefal." + k, value);
            }
        });
        Map<String, String> defaults = new LinkedHashMap<>();
        DEFAULTS.forEach((k, v) -> defaults.put("anbefal." + k, v));
        var builder = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(cli))
                .addSource(ConfigSources.create(fromEnv));
        if (file != null) {
            builder.addSource(ConfigSources.file(file));
        }
        Config config = builder.addSource(ConfigSources.create(defaults)).build().get("anbefal");
        List<String> unknown = new ArrayList<>();
        for (Config c : config.asNodeList().orElse(List.of())) {
            if (!DEFAULTS.containsKey(c.name())) {
                unknown.add("anbefal." + c.name());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown configuration keys " + unknown + "; known: " + DEFAULTS.keySet());
        }
        boolean demo = config.get("demo").asBoolean().get();
        String passwordFile = config.get("db-password-file").asString().get();
        return new AnbefalServer.Settings(
                config.get("host").asString().get(),
                config.get("port").asInt().get(),
                demo ? config.get("shop-port").asInt().get() : -1,
                Path.of(config.get("data").asString().get()),
                config.get("max-body").asLong().get(),
                demo,
                config.get("snapshot-every").asLong().get(),
                config.get("access-log").asBoolean().get(),
                new Database(config.get("database").asString().get(), config.get("db-user").asString().get(),
                        passwordFile.isEmpty() ? null : Path.of(passwordFile)),
                retentionEvery(config.get("retention-every-seconds").asDouble().get()));
    }
}
