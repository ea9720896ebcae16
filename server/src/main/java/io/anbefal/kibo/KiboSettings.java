package io.anbefal.kibo;

import io.anbefal.app.AnbefalException;
import io.anbefal.engine.rules.Rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is wrong with a site's Kibo settings, checked when they are set (and reported for settings stored before):
 * widget and page template rules ({@code kibo.widget.NAME.rules}, {@code kibo.pageTemplate.NAME.rules}) that do not
 * parse, widget slot counts ({@code kibo.widget.NAME.slots}) and routing rules ({@code kibo.routing.rule.N}) that
 * are malformed. The messages are those a request that hits the setting is answered with.
 */
public final class KiboSettings {

    private KiboSettings() {
    }

    /** One message per problem, naming its setting; empty when the Kibo settings are fine. */
    public static List<String> problems(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        new TreeMap<>(settings).forEach((k, v) -> {
            try {
                if ((k.startsWith(KiboWidgets.WIDGET) || k.startsWith(KiboWidgets.TEMPLATE)) && k.endsWith(".rules")) {
                    java.util.Optional.ofNullable(Rules.settingProblem(k, v)).ifPresent(problems::add);
                } else if (k.startsWith(KiboWidgets.WIDGET) && k.endsWith(".slots")) {
                    KiboRequest.Slots.parse(v, "the setting " + k);
                } else if (k.startsWith(KiboRouting.RULE)) {
                    KiboRouting.rules(Map.of(k, v));
                }
            } catch (AnbefalException e) {
                problems.add(e.getMessage());
            }
        });
        return problems;
    }
}
