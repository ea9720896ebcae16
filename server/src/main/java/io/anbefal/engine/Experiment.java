package io.anbefal.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An A/B test of one service: a placement split between variants by weight. A person is assigned by a hash of the
 * experiment's name and the person's id (the root of their linked identity, see {@link Persons#rootId}), so the
 * same person always lands in the same variant, on every visit and every device once the devices are linked.
 *
 * @param name      the experiment's name, {@code [A-Za-z0-9_-]}, at most {@value Experiments#MAX_NAME} characters
 * @param placement where it runs: a recommender name, {@code kibo.widget:NAME}, {@code kibo.pageTemplate:NAME} or
 *                  {@code miso:ENDPOINT} (see {@link Experiments})
 * @param variants  in the configured order; the first is the control that the others are compared with
 */
public record Experiment(String name, String placement, List<Variant> variants) {

    public Experiment {
        variants = List.copyOf(variants);
    }

    /**
     * One arm of the experiment.
     *
     * @param name        the variant's name, as {@link Experiment#name}
     * @param weight      its share is {@code weight / sum of weights}; positive
     * @param recommender the recommender it answers with, or null for the placement's own
     * @param settings    recommender settings ({@code alpha}, {@code neighbours}, ...) over that recommender's own
     *                    ({@code recommender.R.KEY}); empty for none
     */
    public record Variant(String name, double weight, String recommender, Map<String, String> settings) {
        public Variant {
            settings = Map.copyOf(settings);
        }
    }

    /** The variant of a person id (the root id of an identity); the same id always gets the same variant. */
    public Variant assign(String personId) {
        double total = 0;
        for (Variant v : variants) {
            total += v.weight();
        }
        double at = unit(name, personId) * total;
        for (Variant v : variants) {
            at -= v.weight();
            if (at < 0) {
                return v;
            }
        }
        return variants.getLast();
    }

    /**
     * A uniform number in [0, 1) from the experiment and the person: FNV-1a (64 bits) over the UTF-8 bytes of
     * {@code experiment + '\0' + person}, then the SplitMix64 finaliser so that ids differing in a last character
     * spread over the whole range. Stable across processes and Java versions (unlike {@code String.hashCode} of a
     * seeded map).
     */
    static double unit(String experiment, String person) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (experiment + '\0' + person).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }

    /** The label answers carry for a variant: {@code EXPERIMENT/VARIANT} (Kibo's merchLabel, the origin's suffix). */
    public static String label(String experiment, String variant) {
        return experiment + "/" + variant;
    }
}
