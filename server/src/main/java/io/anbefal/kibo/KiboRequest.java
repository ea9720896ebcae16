package io.anbefal.kibo;

import io.anbefal.app.AnbefalException;
import io.anbefal.app.VisitorIds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code GET /recs/1/{site}} request, validated.
 *
 * @param widgets      the {@code widget} values (a direct widget call), in order
 * @param pageTemplate the {@code pageTemplate}, or null
 * @param urls         the {@code url} values: item ids as the shop reported them
 * @param productIds   the {@code productId} values: item ids
 * @param person       the customer ({@code User.<external id attribute>}) or else the visitor ({@code UserId},
 *                     else the {@code bn_u} cookie); null for none
 * @param visitsTrail  the {@code visitstrail} urls, most recent first, as given
 * @param attrs        the {@code attrs} names, as given ({@code *} for all)
 * @param format       the answer's format
 * @param source       the {@code source} page url (routing), or null
 * @param pageType     the {@code pagetype} (routing), or null
 * @param slots        a {@code slots} override of the widgets' slot counts, or null
 * @param query        the TermGuide terms ({@code query=duct+tape}), separated by single spaces; null when absent,
 *                     blank or {@code null} (Kibo's "query terms other than null")
 * @param attributes   the dynamic attributes ({@code User.x}, {@code Product.x}, {@code Request.x}, bare names)
 */
public record KiboRequest(List<String> widgets, String pageTemplate, List<String> urls, List<String> productIds,
                          String person, List<String> visitsTrail, List<String> attrs, Format format, String source,
                          String pageType, Integer slots, String query, DynamicAttributes attributes) {

    /** The answer's format. */
    public enum Format { XML, JSON }

    static final int MAX_ITEMS = 50;
    static final int MAX_WIDGETS = 20;
    static final int MAX_ATTRS = 100;
    static final int MAX_TRAIL = 100;
    static final int MAX_SLOTS = 100;
    private static final int MAX_PERSON = 200;

    public KiboRequest {
        widgets = List.copyOf(widgets);
        urls = List.copyOf(urls);
        productIds = List.copyOf(productIds);
        visitsTrail = List.copyOf(visitsTrail);
        attrs = List.copyOf(attrs);
        attributes = attributes == null ? DynamicAttributes.NONE : attributes;
    }

    /** The context items: the urls, then the product ids ("productIds are added to the list of urls"). */
    public List<String> items() {
        List<String> items = new ArrayList<>(urls);
        productIds.stream().filter(id -> !items.contains(id)).forEach(items::add);
        return items;
    }

    /**
     * Validates a request.
     *
     * @param accept            the Accept header, or null
     * @param cookieUser        the {@code bn_u} cookie, or null
     * @param externalIdAttribute the site's external user id attribute ({@code kibo.userIdAttribute}), or null
     */
    public static KiboRequest parse(KiboParams p, String accept, String cookieUser, String externalIdAttribute) {
        List<String> widgets = limited(p.present("widget"), MAX_WIDGETS, "widget");
        String pageTemplate = p.first("pageTemplate");
        if (!widgets.isEmpty() && pageTemplate != null) {
            throw AnbefalException.badInput("give either widget or pageTemplate, not both");
        }
        List<String> urls = limited(p.present("url"), MAX_ITEMS, "url");
        List<String> productIds = limited(p.present("productId"), MAX_ITEMS, "productId");
        if (urls.size() + productIds.size() > MAX_ITEMS) {
            throw AnbefalException.badInput("too many url and productId values: at most " + MAX_ITEMS + " together");
        }
        List<String> trail = new ArrayList<>();
        for (String v : p.present("visitstrail")) {
            trail.addAll(Csv.split(v));
        }
        List<String> attrs = new ArrayList<>();
        for (String v : p.present("attrs")) {
            for (String name : v.split(",")) {
                if (!name.isBlank()) {
                    attrs.add(name.trim());
                }
            }
        }
        return new KiboRequest(widgets, pageTemplate, urls, productIds,
                person(p, cookieUser, externalIdAttribute), limited(trail, MAX_TRAIL, "visitstrail"),
                limited(attrs, MAX_ATTRS, "attrs"), format(p.first("format"), accept), p.first("source"),
                p.first("pagetype"), slots(p.first("slots")), query(p.all("query")),
                DynamicAttributes.parse(p, !productIds.isEmpty() ? DynamicAttributes.PRODUCT
                        : !urls.isEmpty() ? DynamicAttributes.DOCUMENT : DynamicAttributes.CONTEXT));
    }

    /** The terms of every {@code query} value, "+" or blanks between them; null for none. */
    private static String query(List<String> values) {
        List<String> terms = new ArrayList<>();
        for (String v : values) {
            if (!v.isBlank() && !v.trim().equalsIgnoreCase("null")) {
                for (String term : v.trim().split("[+\\s]+")) {
                    if (!term.isEmpty()) {
                        terms.add(term);
                    }
                }
            }
        }
        return terms.isEmpty() ? null : String.join(" ", terms);
    }

    /** The external user id when given (the internal one is then ignored), else UserId, else the cookie. */
    private static String person(KiboParams p, String cookieUser, String externalIdAttribute) {
        String name = externalIdAttribute == null || externalIdAttribute.isBlank() ? null
                : "User." + externalIdAttribute.trim();
        String person = name == null ? null : p.first(name);
        if (person == null) {
            name = "UserId";
            person = p.first(name);
        }
        if (person != null && person.length() > MAX_PERSON) {
            throw AnbefalException.badInput(name + " is longer than " + MAX_PERSON + " characters");
        }
        // the bn_u cookie is the visitor's id (UserId may also name a customer, so it keeps the id length limit)
        String cookie = cookieUser == null || cookieUser.isBlank() ? null
                : VisitorIds.require("the bn_u cookie", cookieUser.trim());
        return person != null ? person : cookie;
    }

    private static Format format(String format, String accept) {
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "xml" -> Format.XML;
                case "json" -> Format.JSON;
                default -> throw AnbefalException.badInput("format must be xml or json, not '" + format + "'");
            };
        }
        if (accept != null) {
            // the first of the two that the Accept header names wins; neither (or */*) is XML, as Kibo's default
            int json = accept.toLowerCase(Locale.ROOT).indexOf("json");
            int xml = accept.toLowerCase(Locale.ROOT).indexOf("xml");
            if (json >= 0 && (xml < 0 || json < xml)) {
                return Format.JSON;
            }
        }
        return Format.XML;
    }

    private static Integer slots(String slots) {
        if (slots == null) {
            return null;
        }
        return Slots.parse(slots, "slots");
    }

    private static List<String> limited(List<String> values, int max, String name) {
        if (values.size() > max) {
            throw AnbefalException.badInput("too many " + name + " values: at most " + max);
        }
        return values;
    }

    /** Slot counts: a whole number from 1 to {@link #MAX_SLOTS}. */
    static final class Slots {
        private Slots() {
        }

        static int parse(String value, String what) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1 && n <= MAX_SLOTS) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw AnbefalException.badInput(what + " must be a whole number from 1 to " + MAX_SLOTS + ", not '"
                    + value + "'");
        }
    }

    /** The CSV of visitstrail values: commas separate; double quotes keep commas in, a doubled quote is a quote. */
    static final class Csv {
        private Csv() {
        }

        static List<String> split(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    add(out, cell);
                } else {
                    cell.append(c);
                }
            }
            add(out, cell);
            return out;
        }

        private static void add(List<String> out, StringBuilder cell) {
            String v = cell.toString().trim();
            if (!v.isEmpty()) {
                out.add(v);
            }
            cell.setLength(0);
        }
    }
}
