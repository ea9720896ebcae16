package io.anbefal.miso;

import io.anbefal.app.SettingsCheck;
import io.anbefal.catalog.PersonalRanking;
import io.anbefal.engine.SettingKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What is wrong with a service's {@code miso.*} settings, checked when they are set (and reported for settings stored
 * before): a key no reader knows (with the nearest known one), and a recommender setting
 * ({@code miso.ENDPOINT.recommender}, {@code miso.search.recommender}) naming no recommender of the service; since
 * the check is of what a change leaves, removing an instance that such a setting names is refused too.
 */
public final class MisoSettings {

    /** Every {@code miso.*} setting a reader knows. */
    static final List<String> KEYS;

    static {
        List<String> keys = new ArrayList<>(List.of(SettingsCheck.CATALOG_FACTS, PersonalRanking.RECOMMENDER,
                PersonalRanking.WEIGHT));
        for (Miso.Endpoint e : Miso.Endpoint.values()) {
            keys.add(e.setting());
        }
        for (String type : InteractionTypes.types()) {
            keys.add(InteractionTypes.SETTING + type);
        }
        KEYS = List.copyOf(keys);
    }

    private MisoSettings() {
    }

    /** One message per problem, naming its setting; empty when the {@code miso.*} settings are fine. */
    public static List<String> problems(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        Set<String> recommenders = SettingKeys.recommenders(settings);
        new TreeMap<>(settings).forEach((k, v) -> {
            if (!k.startsWith("miso.")) {
                return;
            }
            if (!KEYS.contains(k)) {
                problems.add(SettingKeys.unknown(k, KEYS, "the miso.* settings are miso.ENDPOINT.recommender,"
                        + " miso.what.TYPE, miso.search.recommender, miso.search.personal-weight, miso.catalog-facts"));
            } else if (k.endsWith(".recommender")) {
                Optional.ofNullable(SettingKeys.missingRecommender(k, v, recommenders)).ifPresent(problems::add);
            }
        });
        return problems;
    }
}
