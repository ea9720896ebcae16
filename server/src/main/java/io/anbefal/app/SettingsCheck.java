package io.anbefal.app;

import io.anbefal.catalog.PersonalRanking;
import io.anbefal.engine.Engine;
import io.anbefal.engine.SettingForm;
import io.anbefal.tenant.CustomerSignatures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one check of a service's settings, made by every path that sets them (the settings API, {@code service add
 * --set}, the demo's wiring) before anything is stored: rules that do not parse (recommender instances, Kibo widgets
 * and page templates, an experiment variant's {@code settings.rules}; with the parser's position), unknown
 * recommender types, Kibo slot counts and routing rules, {@code retention.days}, and experiments (placement, variants, weights, variant
 * recommenders), keys no reader knows under {@code recommender.NAME.} and {@code experiment.} and settings naming a
 * recommender the service lacks (the engine's {@code SettingKeys}; the dialects' for {@code kibo.} and {@code miso.}),
 * and the form of every numeric, boolean and enumerated setting (the engine's, {@link #FORMS} of the
 * application's parts; a value not of its form is read as the setting's default). Settings stored before this check existed may still be invalid: a service starts with them, they
 * are logged at start and reported by {@code servicestatus} ({@link #problems}), and a request that hits one is
 * answered with the same message as a 4xx. The settings of an API dialect (Kibo's widgets) are checked by the
 * dialect's own {@link Rules}, given by whoever wires the application (the server, the command line), so that the
 * application depends on no dialect.
 */
public final class SettingsCheck {

    /** The problems of a dialect's settings among a service's settings, one message each naming its setting. */
    public interface Rules {
        List<String> problems(Map<String, String> settings);
    }

    /** The setting that turns the catalog facts of {@code /v1/products} records off ({@code CatalogWrites}). */
    public static final String CATALOG_FACTS = "miso.catalog-facts";

    /**
     * The forms of the settings that the application's parts read (the engine's are the engine's): browser trust's
     * {@code crec.require-signature} and the crec script's {@code crec.consent} (read by the Sannsyn dialect's
     * {@code CrecService}), the catalog facts of product records, search's personal weight.
     */
    static final Map<String, SettingForm> FORMS = Map.of(
            CustomerSignatures.REQUIRE, SettingForm.BOOLEAN,
            "crec.consent", SettingForm.BOOLEAN,
            CATALOG_FACTS, SettingForm.BOOLEAN,
            PersonalRanking.WEIGHT, PersonalRanking.WEIGHT_FORM);

    /** The engine's and the application's own checks only. */
    public static final SettingsCheck CORE = new SettingsCheck(settings -> List.of());

    private final List<Rules> dialects;

    /** @param dialects the API dialects' checks ({@code kibo.KiboSettings::problems}, {@code miso.MisoSettings::problems}) */
    public SettingsCheck(Rules... dialects) {
        this.dialects = List.of(dialects);
    }

    /** Every problem of these settings, one message each naming its setting; empty when they are fine. */
    public List<String> problems(Map<String, String> settings) {
        List<String> problems = new ArrayList<>(Engine.settingsProblems(settings));
        dialects.forEach(d -> problems.addAll(d.problems(settings)));
        new java.util.TreeMap<>(settings).forEach((k, v) -> {
            String retention = Retention.problem(k, v);
            if (retention != null) {
                problems.add(retention);
            }
            SettingForm form = FORMS.get(k);
            if (form != null && form.problem(k, v) != null) {
                problems.add(form.problem(k, v));
            }
        });
        return problems;
    }

    /** The settings after the changes (a null value removes its key). */
    public static Map<String, String> applied(Map<String, String> settings, Map<String, String> changes) {
        Map<String, String> next = new HashMap<>(settings);
        changes.forEach((k, v) -> {
            if (v == null) {
                next.remove(k);
            } else {
                next.put(k, v);
            }
        });
        return next;
    }

    /**
     * The problems that the changes bring to the settings (those the settings had before stay reported but do not
     * block a change, so that a service with an old invalid setting can still be configured, and fixed).
     */
    public List<String> introduced(Map<String, String> settings, Map<String, String> changes) {
        Set<String> before = new LinkedHashSet<>(problems(settings));
        List<String> after = new ArrayList<>(problems(applied(settings, changes)));
        after.removeAll(before);
        return after;
    }

    /**
     * Checks the changes to a service's settings.
     *
     * @throws AnbefalException a bad input naming every setting the changes make invalid, and why
     */
    public void check(Map<String, String> settings, Map<String, String> changes) {
        List<String> problems = introduced(settings, changes);
        if (!problems.isEmpty()) {
            throw AnbefalException.badInput(String.join("; ", problems));
        }
    }
}
