package io.anbefal.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's A/B tests, parsed from its settings (docs/api.md, "Experiments"):
 * <pre>
 * experiment.NAME.placement               a recommender name | kibo.widget:W | kibo.pageTemplate:T | miso:ENDPOINT
 * experiment.NAME.variants                the variant names, comma-separated; the first is the control
 * experiment.NAME.variant.V.weight        a positive number, default 1
 * experiment.NAME.variant.V.recommender   the recommender V answers with (default: the placement's own)
 * experiment.NAME.variant.V.settings.KEY  a recommender setting (recommender.R.KEY) that V changes
 * experiment.NAME.enabled                 false stops assigning (answers as without the experiment)
 * </pre>
 * An experiment whose settings have a problem ({@link #problems}) is left out.
 */
public final class Experiments {

    /** The longest experiment or variant name. */
    public static final int MAX_NAME = 40;
    /** The longest origin an answer may carry (the store's limit of an update's {@code origin}). */
    static final int MAX_ORIGIN = 200;
    static final String PREFIX = "experiment.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_NAME + "}");
    private static final Pattern PLACEMENT = Pattern.compile("(kibo\\.widget|kibo\\.pageTemplate|miso):(.+)");
    /** An origin that a variant answered: {@code R@EXPERIMENT/VARIANT}. */
    private static final Pattern TAGGED = Pattern.compile(".+@(" + NAME.pattern() + ")/(" + NAME.pattern() + ")");
    private static final Set<String> KEYS = Set.of("placement", "variants", "enabled");
    private static final Set<String> VARIANT_KEYS = Set.of("weight", "recommender");

    static final Experiments NONE = new Experiments(List.of(), List.of());

    private final List<Experiment> all;
    private final Map<String, Experiment> byPlacement = new LinkedHashMap<>();
    private final List<String> problems;

    private Experiments(List<Experiment> all, List<String> problems) {
        this.all = List.copyOf(all);
        this.problems = List.copyOf(problems);
        for (Experiment e : all) {
            byPlacement.put(e.placement(), e);
        }
    }

    /** Every well-formed experiment of the settings, enabled or not, by name. */
    public List<Experiment> all() {
        return all;
    }

    /** What is wrong with the settings' experiments, one sentence each naming the setting; empty when nothing. */
    public List<String> problems() {
        return problems;
    }

    /**
     * The experiments of a service's settings. {@code recommenders} are the service's recommender names (a variant
     * naming another is a problem); null skips that check.
     */
    public static Experiments parse(Map<String, String> settings, Set<String> recommenders) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                int dot = k.indexOf('.', PREFIX.length());
                if (dot < 0) {
                    problems.add("the setting " + k + " names no experiment key (experiment.NAME.placement, ...)");
                } else {
                    byName.computeIfAbsent(k.substring(PREFIX.length(), dot), n -> new TreeMap<>())
                            .put(k.substring(dot + 1), v == null ? "" : v.trim());
                }
            }
        });
        List<Experiment> all = new ArrayList<>();
        Map<String, Boolean> enabled = new LinkedHashMap<>();
        Set<String> placements = new HashSet<>();
        for (Map.Entry<String, Map<String, String>> e : byName.entrySet()) {
            int before = problems.size();
            Experiment x = experiment(e.getKey(), e.getValue(), recommenders, problems);
            if (x != null && !placements.add(x.placement())) {
                problems.add("experiment " + x.name() + ": another experiment already runs at placement '"
                        + x.placement() + "'");
            }
            if (x != null && problems.size() == before) {
                all.add(x);
                enabled.put(x.name(), !"false".equalsIgnoreCase(e.getValue().getOrDefault("enabled", "true")));
            }
        }
        Experiments parsed = new Experiments(all, problems);
        parsed.byPlacement.values().removeIf(x -> !enabled.get(x.name()));
        return parsed;
    }

    /** The problems of the experiments in a service's settings, checked against its recommenders too. */
    public static List<String> check(Map<String, String> settings) {
        return EngineSettings.parse(settings).experiments().problems();
    }

    private static Experiment experiment(String name, Map<String, String> keys, Set<String> recommenders,
                                         List<String> problems) {
        String p = PREFIX + name + ".";
        if (!NAME.matcher(name).matches()) {
            problems.add("experiment name '" + name + "' in " + p + "*: use 1 to " + MAX_NAME
                    + " of A-Z a-z 0-9 _ -");
            return null;
        }
        for (String k : keys.keySet()) {
            if (!KEYS.contains(k) && !k.startsWith("variant.")) {
                problems.add(SettingKeys.unknown(p + k, java.util.stream.Stream.concat(KEYS.stream(),
                                VARIANT_KEYS.stream().map(key -> "variant.*." + key)).map(key -> p + key).toList(),
                        "placement, variants, enabled, variant.V.*"));
            }
        }
        String placement = keys.get("placement");
        if (placement == null || placement.isEmpty()) {
            problems.add(p + "placement is missing: a recommender name, kibo.widget:W, kibo.pageTemplate:T or"
                    + " miso:ENDPOINT");
            return null;
        }
        boolean byRecommender = !PLACEMENT.matcher(placement).matches();
        if (byRecommender && placement.contains(":")) {
            problems.add(p + "placement '" + placement + "': kibo.widget:W, kibo.pageTemplate:T, miso:ENDPOINT"
                    + " or a recommender name");
        } else if (byRecommender && recommenders != null && !recommenders.contains(placement)) {
            problems.add(p + "placement '" + placement + "' is no recommender of the service");
        }
        String list = keys.getOrDefault("variants", "");
        List<Experiment.Variant> variants = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String v : list.split("\\s*,\\s*")) {
            if (v.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(v).matches() || !seen.add(v)) {
                problems.add(p + "variants: '" + v + "' is " + (seen.contains(v) && NAME.matcher(v).matches()
                        ? "named twice" : "no variant name (1 to " + MAX_NAME + " of A-Z a-z 0-9 _ -)"));
                continue;
            }
            variants.add(variant(p, v, keys, byRecommender ? placement : null, recommenders, problems));
        }
        if (variants.size() < 2) {
            problems.add(p + "variants needs at least two variant names, comma-separated (the first is the control)");
        }
        for (String k : keys.keySet()) {
            if (k.startsWith("variant.")) {
                String v = k.substring(8, Math.max(8, k.indexOf('.', 8)));
                if (!seen.contains(v)) {
                    problems.add("the setting " + p + k + " names no variant listed in " + p + "variants");
                }
            }
        }
        return new Experiment(name, placement, variants);
    }

    private static Experiment.Variant variant(String p, String v, Map<String, String> keys, String placement,
                                              Set<String> recommenders, List<String> problems) {
        String q = "variant." + v + ".";
        double weight = 1;
        String w = keys.get(q + "weight");
        if (w != null) {
            try {
                weight = Double.parseDouble(w);
            } catch (NumberFormatException e) {
                weight = Double.NaN;
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                problems.add(p + q + "weight '" + w + "' is no positive number");
            }
        }
        String recommender = keys.get(q + "recommender");
        if (recommender != null && recommender.isEmpty()) {
            recommender = null;
        }
        if (recommender != null && recommenders != null && !recommenders.contains(recommender)) {
            problems.add(p + q + "recommender '" + recommender + "' is no recommender of the service");
        }
        String base = recommender != null ? recommender : placement;
        String label = Experiment.label(p.substring(PREFIX.length(), p.length() - 1), v);
        if (base != null && base.length() + 1 + label.length() > MAX_ORIGIN) {
            problems.add(p + q + "recommender: '" + base + "@" + label + "' would be longer than " + MAX_ORIGIN
                    + " characters as an origin");
        }
        Map<String, String> settings = new TreeMap<>();
        for (Map.Entry<String, String> e : keys.entrySet()) {
            if (e.getKey().startsWith(q + "settings.") && e.getKey().length() > q.length() + 9) {
                String key = e.getKey().substring(q.length() + 9);
                settings.put(key, e.getValue());
                if (!EngineSettings.RECOMMENDER_KEYS.contains(key)) {
                    problems.add(SettingKeys.unknown(p + e.getKey(), EngineSettings.RECOMMENDER_KEYS.stream()
                            .map(r -> p + q + "settings." + r).toList(), "settings.KEY: a recommender setting KEY"));
                }
            } else if (e.getKey().startsWith(q) && !VARIANT_KEYS.contains(e.getKey().substring(q.length()))) {
                java.util.List<String> known = new ArrayList<>(VARIANT_KEYS.stream().map(r -> p + q + r).toList());
                EngineSettings.RECOMMENDER_KEYS.forEach(r -> known.add(p + q + "settings." + r));
                problems.add(SettingKeys.unknown(p + e.getKey(), known, "weight, recommender, settings.KEY"));
            }
        }
        if (settings.containsKey("type")) {
            problems.add(p + q + "settings.type: a variant of another type is another recommender: set "
                    + p + q + "recommender");
        }
        return new Experiment.Variant(v, weight, recommender, settings);
    }

    /** The running experiment at the first of these placements that has one. */
    Optional<Experiment> at(List<String> placements) {
        for (String placement : placements) {
            Experiment e = byPlacement.get(placement);
            if (e != null) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Every running experiment. */
    List<Experiment> running() {
        return List.copyOf(byPlacement.values());
    }

    /**
     * The experiment and variant an answer's origin names ({@code R@EXPERIMENT/VARIANT}, as {@link #tag} writes
     * it), or empty for an origin of no variant.
     */
    public static Optional<Recommendation.Variant> variantOf(String origin) {
        if (origin == null) {
            return Optional.empty();
        }
        Matcher m = TAGGED.matcher(origin);
        return m.matches() ? Optional.of(new Recommendation.Variant(m.group(1), m.group(2))) : Optional.empty();
    }

    /** The origin of a variant's answer: the recommender that produced it, {@code @}, the variant's label. */
    static String tag(String origin, Recommendation.Variant variant) {
        return origin + "@" + variant.label();
    }
}
