package io.anbefal.kibo;

import io.anbefal.app.AnbefalException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which page template a routed request (neither {@code widget} nor {@code pageTemplate}) gets, by the site's rules
 * on the routing context: the {@code source} page URL, else the first {@code url} (Kibo's document).
 * <pre>
 * kibo.routing.rule.N            PATTERN -&gt; TEMPLATE, tried in the order of N (numbers by value, then others)
 * kibo.pageTemplate.NAME.pageType  the template's page types, comma-separated (any case)
 * kibo.routing.pagetype.TYPE     the template for pagetype=TYPE (also a page type of that template)
 * kibo.routing.default           the template when no rule and no pagetype picks one
 * </pre>
 * A PATTERN is matched against the whole routing context, ignoring case; {@code *} stands for any run of
 * characters, everything else for itself ({@code *}/p/{@code *}, {@code https://shop.test/cart*}). With a
 * {@code pagetype}, only a template of that page type is picked, as Kibo's document says; without one the first
 * rule that matches wins.
 */
final class KiboRouting {

    static final String RULE = "kibo.routing.rule.";
    static final String PAGE_TYPE = "kibo.routing.pagetype.";
    static final String DEFAULT = "kibo.routing.default";

    /** One routing rule: {@code setting} is its key, for messages. */
    record Rule(String setting, Pattern pattern, String template) {
        boolean matches(String context) {
            return pattern.matcher(context).matches();
        }
    }

    private KiboRouting() {
    }

    /** The routing context of a request: its source, else its first url; null when it has neither. */
    static String context(KiboRequest request) {
        if (request.source() != null) {
            return request.source();
        }
        return request.urls().isEmpty() ? null : request.urls().getFirst();
    }

    /**
     * The template of a routed request, or null for none configured (the caller's default widget).
     *
     * @param context the routing context, not null
     */
    static String template(Map<String, String> settings, String context, String pageType) {
        for (Rule rule : rules(settings)) {
            if (rule.matches(context) && (pageType == null || pageTypes(settings, rule.template()).stream()
                    .anyMatch(pageType::equalsIgnoreCase))) {
                return rule.template();
            }
        }
        String template = pageType == null ? null : ignoringCase(settings, PAGE_TYPE + pageType);
        if (template == null) {
            template = settings.get(DEFAULT);
        }
        return template == null || template.isBlank() ? null : template.trim();
    }

    /** The site's rules, in order; a malformed one is a 400 naming its setting. */
    static List<Rule> rules(Map<String, String> settings) {
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().startsWith(RULE)) {
                continue;
            }
            String value = e.getValue();
            int arrow = value.indexOf("->");
            String pattern = arrow < 0 ? "" : value.substring(0, arrow).trim();
            String template = arrow < 0 ? "" : value.substring(arrow + 2).trim();
            if (pattern.isEmpty() || template.isEmpty()) {
                throw AnbefalException.badInput("the setting " + e.getKey() + " must be 'PATTERN -> TEMPLATE', not '"
                        + value + "'");
            }
            rules.add(new Rule(e.getKey(), glob(pattern), template));
        }
        rules.sort(Comparator.comparing((Rule r) -> order(r.setting())).thenComparing(Rule::setting));
        return rules;
    }

    /** A rule's number (numbers first, by value), else after them. */
    private static long order(String setting) {
        String n = setting.substring(RULE.length());
        return n.matches("\\d{1,18}") ? Long.parseLong(n) : Long.MAX_VALUE;
    }

    private static Pattern glob(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    /** The page types of a template: its pageType setting, and every TYPE that kibo.routing.pagetype maps to it. */
    static List<String> pageTypes(Map<String, String> settings, String template) {
        List<String> types = new ArrayList<>();
        String own = settings.get("kibo.pageTemplate." + template + ".pageType");
        if (own != null) {
            for (String t : own.split(",")) {
                if (!t.isBlank()) {
                    types.add(t.trim());
                }
            }
        }
        settings.forEach((k, v) -> {
            if (k.regionMatches(true, 0, PAGE_TYPE, 0, PAGE_TYPE.length()) && v.trim().equals(template)) {
                types.add(k.substring(PAGE_TYPE.length()));
            }
        });
        return types;
    }

    static String ignoringCase(Map<String, String> settings, String key) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }
}
