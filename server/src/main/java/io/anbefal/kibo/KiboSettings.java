package io.anbefal.kibo;

import io.anbefal.app.AnbefalException;
import io.anbefal.engine.SettingKeys;
import io.anbefal.engine.rules.Rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is wrong with a site's Kibo settings, checked when they are set (and reported for settings stored before):
 * widget and page template rules ({@code kibo.widget.NAME.rules}, {@code kibo.pageTemplate.NAME.rules}) that do not
 * parse, widget slot counts ({@code kibo.widget.NAME.slots}) and routing rules ({@code kibo.routing.rule.N}) that
 * are malformed, and routing ({@code kibo.routing.rule.N}, {@code kibo.routing.pagetype.TYPE},
 * {@code kibo.routing.default}) to a page template that does not exist (no {@code kibo.pageTemplate.NAME.widgets}):
 * since the check is of what a change leaves, removing a template that routing still names is refused too, naming
 * the routing setting (remove or change both in one request). A {@code kibo.*} key no reader knows ({@link #KEYS})
 * is refused with the nearest known one, and a {@code kibo.widget.NAME.recommender} naming no recommender of the
 * service is refused too (also when a change removes the instance). The messages of malformed settings are those a request
 * that hits the setting is answered with.
 */
public final class KiboSettings {

    /** Every Kibo setting a reader knows ({@code *}: a name; {@code kibo.routing.pagetype.} in any case). */
    static final List<String> KEYS = List.of(KiboRecs.USER_ID_ATTRIBUTE, KiboRouting.DEFAULT, KiboRouting.RULE + "*",
            KiboRouting.PAGE_TYPE + "*", KiboWidgets.WIDGET + "*.recommender", KiboWidgets.WIDGET + "*.displayName",
            KiboWidgets.WIDGET + "*.placeholderName", KiboWidgets.WIDGET + "*.slots", KiboWidgets.WIDGET + "*.rules",
            KiboWidgets.TEMPLATE + "*" + KiboWidgets.WIDGETS, KiboWidgets.TEMPLATE + "*.rules",
            KiboWidgets.TEMPLATE + "*.pageType");

    private KiboSettings() {
    }

    /** One message per problem, naming its setting; empty when the Kibo settings are fine. */
    public static List<String> problems(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        java.util.Set<String> recommenders = SettingKeys.recommenders(settings);
        new TreeMap<>(settings).forEach((k, v) -> {
            try {
                if (k.startsWith("kibo.") && !SettingKeys.known(k, KEYS)
                        && !k.regionMatches(true, 0, KiboRouting.PAGE_TYPE, 0, KiboRouting.PAGE_TYPE.length())) {
                    problems.add(SettingKeys.unknown(k, KEYS, "Kibo's settings are " + String.join(", ", KEYS)));
                } else if (k.startsWith(KiboWidgets.WIDGET) && k.endsWith(".recommender")) {
                    java.util.Optional.ofNullable(SettingKeys.missingRecommender(k, v, recommenders))
                            .ifPresent(problems::add);
                } else if ((k.startsWith(KiboWidgets.WIDGET) || k.startsWith(KiboWidgets.TEMPLATE)) && k.endsWith(".rules")) {
                    java.util.Optional.ofNullable(Rules.settingProblem(k, v)).ifPresent(problems::add);
                } else if (k.startsWith(KiboWidgets.WIDGET) && k.endsWith(".slots")) {
                    KiboRequest.Slots.parse(v, "the setting " + k);
                } else if (k.startsWith(KiboRouting.RULE)) {
                    template(settings, k, KiboRouting.rules(Map.of(k, v)).getFirst().template(), problems);
                } else if (k.equals(KiboRouting.DEFAULT) || k.regionMatches(true, 0, KiboRouting.PAGE_TYPE, 0,
                        KiboRouting.PAGE_TYPE.length())) {
                    template(settings, k, v.trim(), problems);
                }
            } catch (AnbefalException e) {
                problems.add(e.getMessage());
            }
        });
        return problems;
    }

    /** A routing setting's template must exist (a blank {@code kibo.routing.default} names none). */
    private static void template(Map<String, String> settings, String key, String template, List<String> problems) {
        if (!template.isEmpty() && !settings.containsKey(KiboWidgets.TEMPLATE + template + KiboWidgets.WIDGETS)) {
            problems.add("the setting " + key + " routes to page template '" + template + "', which does not exist: set "
                    + KiboWidgets.TEMPLATE + template + KiboWidgets.WIDGETS + " to its widget names");
        }
    }
}
