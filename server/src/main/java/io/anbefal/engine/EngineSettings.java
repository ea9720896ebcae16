package io.anbefal.engine;

import io.anbefal.engine.rules.RuleSyntaxException;
import io.anbefal.engine.rules.Rules;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A service's engine settings, parsed from flat keys (see docs/engine.md for every key and its default).
 *
 * @param weights          weight of each {@code what}; unknown kinds weigh {@link #defaultWeight}
 * @param defaultWeight    weight of a {@code what} not listed
 * @param window           how many earlier items of a person's sequence an item co-occurs with
 * @param distanceDecay    co-occurrence weight at distance d is {@code 1 / d^distanceDecay}
 * @param exposurePenalty  score factor {@code 1 / (1 + penalty * unclickedExposures)}
 * @param halfLifeMillis   half-life of the trending popularity
 * @param categoryTag      the tag that marks an update as a catalog fact (customer = item, entityIDs = its categories)
 * @param categories       entity ids that are categories, besides those learnt from catalog facts
 * @param recommenders     the recommender instances by name
 * @param experiments      the A/B tests ({@link Experiments})
 * @param variantSpecs     the instances as experiments' variants with settings of their own set them up, by
 *                         {@link #variantKey}: the instance's settings with the variant's over them (the same name,
 *                         so that it answers and falls back as the instance does)
 * @param answerCacheEntries how many recent answers are kept for reuse while current ({@link AnswerCache}); 0: none
 */
record EngineSettings(Map<String, Float> weights, float defaultWeight, int window, double distanceDecay,
                      double exposurePenalty, long halfLifeMillis, String categoryTag, Set<String> categories,
                      Map<String, Spec> recommenders, Experiments experiments, Map<String, Spec> variantSpecs,
                      int answerCacheEntries) {

    /** The recommender types. */
    enum Type { ItemToItemRecommender, ProductForCustomerRecommender, ShoppingBasketRecommender, PopularRecommender,
        RecentlyViewedRecommender, CategoryForCustomerRecommender }

    /**
     * One recommender instance.
     *
     * @param name             its name, which answers name as {@code origin}
     * @param type             what it computes
     * @param fallback         the instance that fills in when this one has too few results; null for none
     * @param scored           whether it answers {@code {"id","w"}} objects
     * @param recent           how many of the person's most recent distinct items are used
     * @param recencyDecay     weight of the r-th most recent item is {@code recencyDecay^r}
     * @param alpha            similarity normalisation exponent of the known item's popularity
     * @param beta             similarity normalisation exponent of the candidate's popularity
     * @param excludePurchased leave out what the person purchased
     * @param excludeSeen      leave out everything the person interacted with (default for ProductForCustomer)
     * @param neighbours       how many of an item's strongest neighbours are used
     * @param model            how ShoppingBasketRecommender completes a basket in a service small enough for a dense
     *                         model: {@code slim} (the default, {@link SlimItemModel}), {@code ease}
     *                         ({@link EaseItemModel}), {@code logistic} ({@link LogisticItemModel}) or
     *                         {@code cooccurrence} (as ItemToItemRecommender)
     * @param lambda           ridge (L2) penalty of the SLIM or EASE item weights (default 100 for SLIM, 200 for EASE)
     * @param sizeLambda       ridge penalty of the basket-size priors (default 50 for SLIM, 100 for EASE)
     * @param l1               L1 penalty of the SLIM item weights
     * @param l2               L2 penalty of the logistic model, relative to the number of persons
     * @param iterations       gradient steps of the logistic model
     * @param learningRate     step size of the logistic model
     * @param modelMaxItems    the basket model is built only for services with at most this many entities
     * @param modelMinPersons  ... and at least this many persons with items
     * @param modelRefreshSeconds a basket model older than this is rebuilt in the background when events came in
     * @param rules            the instance's merchandising rules ({@code recommender.NAME.rules}), applied to every
     *                         request for it (and through its fallback chain)
     * @param rulesProblem     why {@code recommender.NAME.rules} does not parse (requests for it are refused with
     *                         this), or null
     */
    record Spec(String name, Type type, String fallback, boolean scored, int recent, double recencyDecay, double alpha,
                double beta, boolean excludePurchased, boolean excludeSeen, int neighbours, String model,
                double lambda, double sizeLambda, double l1, double l2,
                int iterations, double learningRate, int modelMaxItems, int modelMinPersons,
                double modelRefreshSeconds, Rules rules, String rulesProblem) {
    }

    static final String POPULAR = "PopularRecommender";

    /** The form of each service-wide engine setting that has one ({@code weight.WHAT} too: {@link #WEIGHT}). */
    static final Map<String, SettingForm> FORMS = Map.of(
            "weight.default", SettingForm.number(0, 1_000_000),
            "cooccurrence.window", SettingForm.whole(1, 1000),
            "cooccurrence.distance-decay", SettingForm.number(0, 10),
            "exposure.penalty", SettingForm.number(0, 1000),
            "popular.half-life-days", SettingForm.number(0.001, 100_000),
            "answer-cache.entries", SettingForm.whole(0, 1 << 20));
    /** The form of {@code weight.WHAT}. */
    static final SettingForm WEIGHT = SettingForm.number(0, 1_000_000);
    /**
     * The form of each setting of a recommender instance ({@code recommender.NAME.KEY}, and an experiment variant's
     * {@code settings.KEY}) that has one, by KEY ({@code type}, {@code fallback} and {@code rules} are checked apart).
     */
    static final Map<String, SettingForm> RECOMMENDER_FORMS = Map.ofEntries(
            Map.entry("scored", SettingForm.BOOLEAN),
            Map.entry("recent", SettingForm.whole(1, 1000)),
            Map.entry("recency-decay", SettingForm.number(0, 1)),
            Map.entry("alpha", SettingForm.number(0, 4)),
            Map.entry("beta", SettingForm.number(0, 4)),
            Map.entry("exclude-purchased", SettingForm.BOOLEAN),
            Map.entry("exclude-seen", SettingForm.BOOLEAN),
            Map.entry("neighbours", SettingForm.whole(1, 100_000)),
            Map.entry("model", SettingForm.oneOf("slim", "ease", "logistic", "cooccurrence")),
            Map.entry("lambda", SettingForm.number(0, 1e9)),
            Map.entry("size-lambda", SettingForm.number(0, 1e9)),
            Map.entry("l1", SettingForm.number(0, 1e9)),
            Map.entry("l2", SettingForm.number(0, 1e9)),
            Map.entry("iterations", SettingForm.whole(1, 100_000)),
            Map.entry("learning-rate", SettingForm.above(0, 1000)),
            Map.entry("model-max-items", SettingForm.whole(0, 10_000)),
            Map.entry("model-min-persons", SettingForm.whole(0, Integer.MAX_VALUE)),
            Map.entry("model-refresh-seconds", SettingForm.number(0, 1e9)));

    /** The keys of a recommender instance ({@code recommender.NAME.KEY}, a variant's {@code settings.KEY}). */
    static final java.util.List<String> RECOMMENDER_KEYS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("type", "fallback", "rules"), RECOMMENDER_FORMS.keySet().stream().sorted())
            .toList();

    /**
     * The form of an engine setting: a service-wide one, {@code weight.WHAT}, {@code recommender.NAME.KEY},
     * {@code experiment.NAME.enabled} or {@code experiment.NAME.variant.V.settings.KEY}; null for a key without one.
     */
    static SettingForm formOf(String key) {
        SettingForm form = FORMS.get(key);
        if (form != null) {
            return form;
        }
        if (key.startsWith("weight.")) {
            return WEIGHT;
        }
        if (key.startsWith("recommender.")) {
            return RECOMMENDER_FORMS.get(key.substring(key.lastIndexOf('.') + 1));
        }
        if (key.startsWith(Experiments.PREFIX)) {
            int settings = key.indexOf(".settings.");
            if (settings > 0 && key.contains(".variant.")) {
                return RECOMMENDER_FORMS.get(key.substring(settings + 10));
            }
            return key.endsWith(".enabled") && key.indexOf('.', Experiments.PREFIX.length()) == key.length() - 8
                    ? SettingForm.BOOLEAN : null;
        }
        return null;
    }

    static EngineSettings parse(Map<String, String> s) {
        Map<String, Float> weights = new HashMap<>(Map.of("PURCHASE", 4f, "ADDTOCART", 3f, "ADD_TO_CART", 3f,
                "RECCLICK", 2f, "BROWSE", 1f, "RECEXPOSURE", 0f));
        // kinds of the Miso-style API (io.anbefal.miso.InteractionTypes) that are no positive signal: stored and
        // counted, never learnt as interest; and a few stronger ones
        for (String w : new String[] {"IMPRESSION", "SEARCH", "HOME_PAGE_VIEW", "CATEGORY_PAGE_VIEW", "PROMO_PAGE_VIEW",
            "REMOVE_FROM_CART", "REFUND", "UNSUBSCRIBE", "REMOVE_FROM_COLLECTION", "DISLIKE"}) {
            weights.put(w, 0f);
        }
        for (String w : new String[] {"LIKE", "SHARE", "BOOKMARK", "ADD_TO_COLLECTION", "COMPLETE"}) {
            weights.put(w, 2f);
        }
        s.forEach((k, v) -> {
            if (k.startsWith("weight.")) {
                weights.put(k.substring(7), (float) number(s, k, 1));
            }
        });
        Map<String, Spec> recs = new LinkedHashMap<>();
        for (Type t : Type.values()) {
            recs.put(t.name(), spec(s, t.name(), t));
        }
        recs.put("ScoredItemsRecommender", spec(s, "ScoredItemsRecommender", Type.ProductForCustomerRecommender));
        for (String k : s.keySet()) {
            if (k.startsWith("recommender.") && k.endsWith(".type") && k.length() > 17) {
                String name = k.substring(12, k.length() - 5);
                Type type;
                try {
                    type = Type.valueOf(s.get(k));
                } catch (IllegalArgumentException e) {
                    continue; // an unknown type leaves the name unknown: requests for it answer 404
                }
                recs.put(name, spec(s, name, type));
            }
        }
        Set<String> categories = Set.of(s.getOrDefault("categories", "").split("\\s*,\\s*"));
        Experiments experiments = Experiments.parse(s, recs.keySet());
        return new EngineSettings(Map.copyOf(weights), (float) number(s, "weight.default", 1),
                (int) number(s, "cooccurrence.window", 10), number(s, "cooccurrence.distance-decay", 0.5),
                number(s, "exposure.penalty", 0.15), (long) (number(s, "popular.half-life-days", 7) * 86_400_000L),
                s.getOrDefault("category-tag", "itemcat"), categories, Map.copyOf(recs),
                experiments, variantSpecs(s, recs, experiments),
                (int) number(s, "answer-cache.entries", 8192));
    }

    /** Every instance as each variant with settings of its own sets it up (a few per experiment: cheap). */
    private static Map<String, Spec> variantSpecs(Map<String, String> s, Map<String, Spec> recs, Experiments all) {
        Map<String, Spec> out = new HashMap<>();
        for (Experiment e : all.all()) {
            for (Experiment.Variant v : e.variants()) {
                if (v.settings().isEmpty()) {
                    continue;
                }
                for (Spec base : recs.values()) {
                    Map<String, String> over = new HashMap<>(s);
                    v.settings().forEach((k, value) -> over.put("recommender." + base.name() + "." + k, value));
                    out.put(variantKey(e, v, base.name()), spec(over, base.name(), base.type()));
                }
            }
        }
        return Map.copyOf(out);
    }

    static String variantKey(Experiment e, Experiment.Variant v, String instance) {
        return Experiment.label(e.name(), v.name()) + "\0" + instance;
    }

    /** The instance as the variant sets it up: itself when the variant changes no settings. */
    Spec variantOf(Experiment e, Experiment.Variant v, Spec base) {
        return variantSpecs.getOrDefault(variantKey(e, v, base.name()), base);
    }

    private static Spec spec(Map<String, String> s, String name, Type type) {
        String p = "recommender." + name + ".";
        boolean basket = type == Type.ShoppingBasketRecommender;
        String model = RECOMMENDER_FORMS.get("model").word(s.get(p + "model"), basket ? "slim" : "cooccurrence");
        boolean slim = "slim".equals(model);
        String fallback = s.getOrDefault(p + "fallback",
                type == Type.PopularRecommender || type == Type.RecentlyViewedRecommender
                        || type == Type.CategoryForCustomerRecommender ? "" : POPULAR);
        return new Spec(name, type, fallback.isEmpty() ? null : fallback,
                bool(s, p + "scored", name.equals("ScoredItemsRecommender")),
                (int) number(s, p + "recent", 15), number(s, p + "recency-decay", 0.85),
                number(s, p + "alpha", basket ? 0.9 : 0.5), number(s, p + "beta", 0.3),
                bool(s, p + "exclude-purchased", true),
                bool(s, p + "exclude-seen", type == Type.ProductForCustomerRecommender),
                (int) number(s, p + "neighbours", 1000),
                model, number(s, p + "lambda", slim ? 100 : 200),
                number(s, p + "size-lambda", slim ? 50 : 100), number(s, p + "l1", 0.5), number(s, p + "l2", 30),
                (int) number(s, p + "iterations", 200), number(s, p + "learning-rate", 0.5),
                (int) number(s, p + "model-max-items", 2000), (int) number(s, p + "model-min-persons", 50),
                number(s, p + "model-refresh-seconds", 60), rules(s, p + "rules"), rulesProblem(s, p + "rules"));
    }

    /** The rules a key holds; none when absent or invalid (see {@link #rulesProblem}). */
    private static Rules rules(Map<String, String> s, String key) {
        try {
            return Rules.parse(s.get(key));
        } catch (RuleSyntaxException e) {
            return Rules.NONE;
        }
    }

    private static String rulesProblem(Map<String, String> s, String key) {
        try {
            Rules.parse(s.get(key));
            return null;
        } catch (RuleSyntaxException e) {
            return "setting " + key + ": " + e.getMessage();
        }
    }

    /**
     * Checks a setting before it is stored: a {@code recommender.NAME.rules} value must parse.
     *
     * @throws RuleSyntaxException naming the setting and the problem
     */
    public static void check(String key, String value) {
        String problem = key.startsWith("recommender.") && key.endsWith(".rules")
                ? Rules.settingProblem(key, value) : null;
        if (problem != null) {
            throw new RuleSyntaxException(problem);
        }
    }

    /**
     * What is wrong with a service's settings as a whole, one message per problem naming its setting: rules that do
     * not parse ({@code recommender.NAME.rules}, a variant's {@code settings.rules}, with the parser's position), an
     * unknown {@code recommender.NAME.type}, a value not of its setting's form ({@link #formOf}: numbers, booleans,
     * words), and the experiments' problems ({@link Experiments#check}). Empty: fine.
     */
    static java.util.List<String> problems(Map<String, String> s) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        new java.util.TreeMap<>(s).forEach((k, v) -> {
            boolean rules = k.startsWith("recommender.") && k.endsWith(".rules")
                    || k.startsWith(Experiments.PREFIX) && k.endsWith(".settings.rules");
            SettingForm form = formOf(k);
            if (rules) {
                java.util.Optional.ofNullable(Rules.settingProblem(k, v)).ifPresent(problems::add);
            } else if (form != null) {
                java.util.Optional.ofNullable(form.problem(k, v)).ifPresent(problems::add);
            } else if (k.startsWith("recommender.") && k.endsWith(".type") && k.length() > 17) {
                try {
                    Type.valueOf(v == null ? "" : v.trim());
                } catch (IllegalArgumentException e) {
                    problems.add("setting " + k + ": '" + v + "' is no recommender type ("
                            + java.util.Arrays.toString(Type.values()).replaceAll("[\\[\\]]", "") + ")");
                }
            }
        });
        EngineSettings parsed = parse(s);
        new java.util.TreeMap<>(s).forEach((k, v) -> {
            if (k.startsWith("recommender.")) {
                String problem = recommenderKeyProblem(k, v, parsed.recommenders().keySet());
                if (problem != null) {
                    problems.add(problem);
                }
            }
        });
        problems.addAll(parsed.experiments().problems());
        return problems;
    }

    /**
     * A {@code recommender.NAME.KEY} that no reader knows (with the nearest known key), or a fallback naming no
     * recommender of the service; null when fine.
     */
    private static String recommenderKeyProblem(String k, String v, Set<String> recommenders) {
        int dot = k.lastIndexOf('.');
        if (dot <= 12 || !RECOMMENDER_KEYS.contains(k.substring(dot + 1))) {
            return SettingKeys.unknown(k, RECOMMENDER_KEYS.stream().map(key -> "recommender.*." + key).toList(),
                    "a recommender's settings are recommender.NAME." + String.join(", .", RECOMMENDER_KEYS));
        }
        return k.endsWith(".fallback") ? SettingKeys.missingRecommender(k, v, recommenders) : null;
    }

    /** A setting's number: the default when it is absent or not of its form ({@link #formOf}). */
    private static double number(Map<String, String> s, String key, double otherwise) {
        return formOf(key).number(s.get(key), otherwise);
    }

    private static boolean bool(Map<String, String> s, String key, boolean otherwise) {
        return formOf(key).bool(s.get(key), otherwise);
    }

    float weight(String what) {
        Float w = weights.get(what);
        return w == null ? defaultWeight : w;
    }
}
