package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.VisitorIds;
import io.anbefal.store.Limits;
import io.anbefal.http.Payloads;
import io.anbefal.miso.Miso;
import io.anbefal.miso.MisoSearch;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates the bodies of the Miso-style API, collecting every problem (Miso answers all of them in
 * one 422) with the path of the field: {@code data.0.timestamp is invalid: ...}. The fields of recommendation and
 * search requests are read here, as are the fields every record shares; the interaction records are
 * {@link MisoInteractions}'.
 */
final class MisoPayloads {

    /** The most records one interactions or products request may carry. */
    static final int MAX_RECORDS = 10_000;
    private static final int MAX_ROWS = 1000;

    private final List<String> problems = new ArrayList<>();

    /** Throws the 422 when any problem was found. */
    void check() {
        if (!problems.isEmpty()) {
            throw Miso.invalid(problems.size() == 1 ? problems.getFirst() : problems.size() + " fields are invalid",
                    problems);
        }
    }

    void problem(String message) {
        problems.add(message);
    }

    /** How many problems were found so far. */
    int problems() {
        return problems.size();
    }

    /** The {@code data} array of records. */
    JsonNode records(JsonNode body) {
        JsonNode data = body.get("data");
        if (data == null || data.isNull()) {
            problem("data is required: an array of records is expected");
        } else if (!data.isArray()) {
            problem("data is invalid: an array of records is expected");
        } else if (data.isEmpty()) {
            problem("data is invalid: it is empty");
        } else if (data.size() > MAX_RECORDS) {
            problem("data is invalid: " + data.size() + " records, at most " + MAX_RECORDS + " per request");
        } else {
            return data;
        }
        check();
        return null;
    }

    /** Checks optional date-time fields of a record ({@code created_at}, ...): the forms {@link #instant} reads. */
    void dates(JsonNode r, String at, String... names) {
        for (String name : names) {
            date(r, at, name);
        }
    }

    Long date(JsonNode r, String at, String name) {
        JsonNode v = r.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problem(at + "." + name + " is invalid: an ISO-8601 date-time string such as 2021-08-24T14:15:22Z is expected");
            return null;
        }
        Instant t = instant(v.asText());
        if (t == null || t.getEpochSecond() < 0 || t.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
            problem(at + "." + name + " is invalid: '" + v.asText()
                    + "' is not an ISO-8601 date-time such as 2021-08-24T14:15:22Z");
            return null;
        }
        return t.toEpochMilli();
    }

    /** A time with an offset of hours, or hours and minutes with or without the colon (after a blank or not). */
    private static final java.util.regex.Pattern OFFSET = java.util.regex.Pattern.compile(
            "(.*T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?) ?([+-]\\d{2}):?(\\d{2})?");

    /**
     * The forms Miso's documentation uses and accepts: {@code 2021-08-24T14:15:22Z}, with an offset ({@code +01:00},
     * {@code +0100}, {@code +01}), fractions of a second, a space instead of the {@code T}, without a zone (UTC), or a
     * date alone (its midnight, UTC). Null for anything else.
     */
    static Instant instant(String text) {
        String s = text.trim().replaceAll("[\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D]", "-");
        if (s.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:.*")) {
            s = s.substring(0, 10) + "T" + s.substring(11);
        }
        java.util.regex.Matcher offset = OFFSET.matcher(s);
        if (offset.matches()) {
            s = offset.group(1) + offset.group(2) + ":" + (offset.group(3) == null ? "00" : offset.group(3));
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                try {
                    return java.time.LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException third) {
                    return null;
                }
            }
        }
    }

    // --- recommendations and search -------------------------------------------------------------------

    /** A request's {@code anonymous_id}, or null. */
    String anonymous(JsonNode body) {
        return anonymousId(body, null);
    }

    /** A request's {@code user_hash} (the proof a publishable key needs in signed mode), or null. */
    String userHash(JsonNode body) {
        return string(body, "user_hash", null, false, 200);
    }

    /** The person of a request: user_id, else anonymous_id; null when neither. */
    String person(JsonNode body) {
        String user = string(body, "user_id", null, false, Limits.PERSON);
        String anonymous = anonymousId(body, null);
        return user != null ? user : anonymous;
    }

    /** {@code anonymous_id}: a visitor id ({@link VisitorIds}, the browser APIs' syntax), or null. */
    String anonymousId(JsonNode node, String at) {
        String id = string(node, "anonymous_id", at, false, VisitorIds.MAX_LENGTH);
        if (id != null && !VisitorIds.valid(id)) {
            problem((at == null ? "" : at + ".") + "anonymous_id is invalid: " + VisitorIds.EXPECTED);
            return null;
        }
        return id;
    }

    int rows(JsonNode body, String name, int otherwise, int min, int max) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            problem(name + " is invalid: an integer from " + min + " to " + max + " is expected");
            return otherwise;
        }
        return v.asInt();
    }

    int rows(JsonNode body) {
        return rows(body, "rows", 5, 1, MAX_ROWS);
    }

    /** A list of strings; a single string counts as a list of one (as {@code fl: "title"}). */
    List<String> list(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v != null && v.isTextual()) {
            return List.of(v.asText());
        }
        return strings(body, name, null);
    }

    /** {@code fq}: one filter string, or several (joined by AND). */
    String fq(JsonNode body) {
        return filter(body, "fq");
    }

    /** A filter field ({@code fq}, {@code boost_fq}): one filter string, or several (joined by AND); null if none. */
    String filter(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText().isBlank() ? null : v.asText();
        }
        List<String> parts = strings(body, name, null);
        return parts.isEmpty() ? null : String.join(" AND ", parts);
    }

    /** {@code product_id} of product_to_products: one id, or Miso's documented list form; required. */
    List<String> productIds(JsonNode body) {
        JsonNode v = body.get("product_id");
        if (v != null && v.isArray()) {
            List<String> ids = strings(body, "product_id", null);
            if (v.isEmpty()) {
                problem("product_id is invalid: the list is empty");
            } else if (v.size() > 100) {
                problem("product_id is invalid: at most 100 products");
            }
            return ids;
        }
        String id = string(body, "product_id", null, true, Limits.PRODUCT_ID);
        return id == null ? List.of() : List.of(id);
    }

    /** {@code order_by}: {@code [{"field":"price","order":"desc"}]}, or strings {@code "price desc"}. */
    List<MisoSearch.Order> orderBy(JsonNode body) {
        JsonNode v = body.get("order_by");
        List<MisoSearch.Order> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        JsonNode list = v.isArray() ? v : Payloads.JSON.createArrayNode().add(v);
        for (int k = 0; k < list.size(); k++) {
            JsonNode o = list.get(k);
            String field = null;
            String order = "asc";
            if (o.isTextual()) {
                String[] parts = o.asText().trim().split("\\s+");
                field = parts[0];
                order = parts.length > 1 ? parts[1].toLowerCase() : "asc";
                if (parts.length > 2) {
                    field = null;
                }
            } else if (o.isObject() && o.path("field").isTextual()) {
                field = o.get("field").asText();
                order = o.path("order").asText("asc").toLowerCase();
            }
            if (field == null || field.isEmpty() || !(order.equals("asc") || order.equals("desc"))) {
                problem("order_by." + k + " is invalid: {\"field\": NAME, \"order\": \"asc\"|\"desc\"} is expected");
            } else {
                out.add(new MisoSearch.Order(field, order.equals("desc")));
            }
        }
        return out;
    }

    /** {@code facets}: field names, or objects with a {@code field}. */
    List<String> facets(JsonNode body) {
        JsonNode v = body.get("facets");
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            problem("facets is invalid: an array of field names is expected");
            return out;
        }
        for (int k = 0; k < v.size(); k++) {
            JsonNode f = v.get(k);
            if (f.isTextual() && !f.asText().isEmpty()) {
                out.add(f.asText());
            } else if (f.isObject() && f.path("field").isTextual()) {
                out.add(f.get("field").asText());
            } else {
                problem("facets." + k + " is invalid: a field name is expected");
            }
        }
        return out;
    }

    // --- fields ---------------------------------------------------------------------------------------

    static boolean absent(JsonNode node, String name) {
        return node.path(name).isMissingNode() || node.path(name).isNull();
    }

    String string(JsonNode node, String name, String at, boolean required, int max) {
        String path = at == null ? name : at + "." + name;
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                problem(path + " is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > max) {
            problem(path + " is invalid: a non-empty string of at most " + max + " characters is expected");
            return null;
        }
        return v.asText();
    }

    /**
     * The ids of an erasure named {@code name}: {@code user_ids} are customer ids (non-empty strings of at most
     * {@link Limits#PERSON} characters, as {@code user_id}), {@code anonymous_ids} visitor ids ({@link VisitorIds},
     * as {@code anonymous_id}). Each id that breaks its syntax is a problem naming it.
     */
    List<String> erasureIds(JsonNode body, String name, boolean visitors) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            problem(name + " is invalid: an array of " + (visitors ? "anonymous" : "user") + " ids is expected");
            return List.of();
        }
        List<String> out = new ArrayList<>(v.size());
        for (int k = 0; k < v.size(); k++) {
            JsonNode s = v.get(k);
            String id = s.isTextual() ? s.asText() : null;
            if (visitors && (id == null || !VisitorIds.valid(id))) {
                problem(name + "." + k + " is invalid: " + VisitorIds.EXPECTED);
            } else if (!visitors && (id == null || id.isEmpty() || id.length() > Limits.PERSON)) {
                problem(name + "." + k + " is invalid: a user id, a non-empty string of at most " + Limits.PERSON
                        + " characters, is expected");
            } else {
                out.add(id);
            }
        }
        return out;
    }

    List<String> strings(JsonNode node, String name, String at) {
        String path = at == null ? name : at + "." + name;
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            problem(path + " is invalid: an array of strings is expected");
            return List.of();
        }
        List<String> out = new ArrayList<>(v.size());
        for (int k = 0; k < v.size(); k++) {
            JsonNode s = v.get(k);
            if (!s.isTextual() || s.asText().isEmpty() || s.asText().length() > Limits.ENTITY) {
                problem(path + "." + k + " is invalid: a non-empty string of at most " + Limits.ENTITY + " characters is expected");
            } else {
                out.add(s.asText());
            }
        }
        return out;
    }

    Double number(JsonNode r, String name, String at, double min, double max) {
        JsonNode v = r.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            problem(at + "." + name + " is invalid: a number" + (Double.isInfinite(min) ? "" : " from " + min
                    + (Double.isInfinite(max) ? " up" : " to " + max)) + " is expected");
            return null;
        }
        return v.asDouble();
    }
}
