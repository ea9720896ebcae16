package io.anbefal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The names of settings: a key under a prefix that some reader owns ({@code recommender.NAME.}, {@code experiment.},
 * {@code kibo.}, {@code miso.}) that no reader knows is refused, with the known key nearest to it (an edit distance
 * of at most {@value #CLOSE}, ignoring case) as "did you mean"; and the recommender names a setting may refer to.
 * Known keys are written as patterns with at most one {@code *}, standing for a name (which may hold dots).
 */
public final class SettingKeys {

    /** The greatest edit distance at which a known key is offered as "did you mean". */
    static final int CLOSE = 2;

    private SettingKeys() {
    }

    /** The service's recommender names: the default instances (one per type) and every {@code recommender.NAME.type}. */
    public static Set<String> recommenders(Map<String, String> settings) {
        return EngineSettings.parse(settings).recommenders().keySet();
    }

    /** Whether the key matches one of the patterns ({@code *}: a name of at least one character). */
    public static boolean known(String key, Collection<String> patterns) {
        for (String p : patterns) {
            int star = p.indexOf('*');
            if (star < 0 ? key.equals(p) : key.length() > p.length() - 1 && key.startsWith(p.substring(0, star))
                    && key.endsWith(p.substring(star + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The message refusing an unknown key: with the nearest key the patterns give for it (its name put in place of
     * the {@code *}) when one is close, else with {@code hint} (what the prefix's keys are).
     */
    public static String unknown(String key, Collection<String> patterns, String hint) {
        String nearest = null;
        int best = CLOSE + 1;
        for (String candidate : candidates(key, patterns)) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < best && !candidate.equals(key)) {
                best = d;
                nearest = candidate;
            }
        }
        return "unknown setting " + key + (nearest != null ? ": did you mean " + nearest + "?" : " (" + hint + ")");
    }

    /** Each pattern made concrete with the key's segments in place of its {@code *}, where the key has enough. */
    private static List<String> candidates(String key, Collection<String> patterns) {
        List<String> out = new ArrayList<>();
        String[] segments = key.split("\\.", -1);
        for (String p : patterns) {
            int star = p.indexOf('*');
            if (star < 0) {
                out.add(p);
                continue;
            }
            int before = p.substring(0, star).split("\\.", -1).length - 1;
            int after = p.substring(star + 1).split("\\.", -1).length - 1;
            if (segments.length > before + after) {
                String name = String.join(".", List.of(segments).subList(before, segments.length - after));
                out.add(p.substring(0, star) + name + p.substring(star + 1));
            }
        }
        return out;
    }

    /** The Levenshtein distance of two strings. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * The message when a setting names a recommender the service does not have, or null when it has it (or the
     * value is blank: the setting's default).
     */
    public static String missingRecommender(String key, String value, Set<String> recommenders) {
        String name = value == null ? "" : value.trim();
        return name.isEmpty() || recommenders.contains(name) ? null
                : "the setting " + key + " names recommender '" + name + "', which the service does not have (set"
                        + " recommender." + name + ".type, or name one of its recommenders)";
    }
}
