package io.anbefal.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.anbefal.app.AnbefalException;
import io.anbefal.app.Lengths;
import io.anbefal.app.Update;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.store.Limits;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates the JSON bodies of the Sannsyn API 1.0, naming the field that is wrong.
 * Lenient where the seed examples are (a trailing comma in an array or object), strict about types.
 * Unknown fields are ignored, so newer clients keep working.
 */
public final class Payloads {

    /** The largest {@code num} a recommend request may ask for. */
    public static final int MAX_NUM = 1000;
    /** {@code num} when none is given. */
    public static final int DEFAULT_NUM = 10;

    /** The mapper every handler uses: trailing commas allowed, as in the seed's exposure example. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Payloads() {
    }

    /** Parses a body that must be one JSON object. */
    public static JsonNode object(byte[] body) {
        if (body.length == 0) {
            throw AnbefalException.badInput("the request body is empty: a JSON object is expected");
        }
        JsonNode node;
        try (JsonParser parser = JSON.createParser(body)) {
            node = JSON.readTree(parser);
            if (node != null) {
                trailing(parser);
            }
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw AnbefalException.badInput("malformed JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + brief(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw AnbefalException.badInput("unreadable body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw AnbefalException.badInput("the body must be a JSON object");
        }
        return node;
    }

    /**
     * Refuses anything but whitespace after the value: a second object (two batches concatenated) or stray
     * brackets would otherwise be dropped without a word while the first value is acknowledged.
     */
    private static void trailing(JsonParser parser) {
        var at = parser.currentLocation();
        boolean more;
        try {
            more = parser.nextToken() != null;
            at = parser.currentTokenLocation();
        } catch (java.io.IOException e) {
            more = true; // not even a token: garbage after the value
        }
        if (more) {
            throw AnbefalException.badInput("trailing content after the JSON value at line " + at.getLineNr()
                    + ", column " + at.getColumnNr() + ": a body holds one JSON value, and nothing of this one was"
                    + " taken");
        }
    }

    /** Jackson's message without its source excerpt and parser hints. */
    private static String brief(String message) {
        String first = message.lines().findFirst().orElse("");
        int cut = first.indexOf(" (");
        return cut > 0 ? first.substring(0, cut) : first;
    }

    /** The required {@code service} field. */
    public static String service(JsonNode body) {
        return text(body, "service", "service", Limits.SERVICE, true);
    }

    /** The {@code updates} array of an update request. */
    public static List<Update> updates(JsonNode body) {
        JsonNode updates = body.get("updates");
        if (updates == null || updates.isNull()) {
            throw AnbefalException.badInput("updates is missing: an array of update objects is expected");
        }
        if (!updates.isArray()) {
            throw AnbefalException.badInput("updates must be an array of update objects");
        }
        if (updates.isEmpty()) {
            throw AnbefalException.badInput("updates is empty: at least one update is expected");
        }
        List<Update> result = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            result.add(update(updates.get(i), "updates[" + i + "]"));
        }
        return result;
    }

    private static Update update(JsonNode u, String at) {
        if (!u.isObject()) {
            throw AnbefalException.badInput(at + " must be an object");
        }
        String customer = text(u, "customer", at + ".customer", Limits.PERSON, false);
        List<String> entities = strings(u, "entityIDs", at + ".entityIDs", true);
        String what = text(u, "what", at + ".what", Limits.WHAT, true);
        String where = text(u, "where", at + ".where", Limits.CHANNEL, false);
        String origin = text(u, "origin", at + ".origin", Limits.ORIGIN, false);
        List<String> tags = strings(u, "tags", at + ".tags", false);
        Long time = null;
        JsonNode t = u.get("time");
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || t.asDouble() < 0) {
                throw AnbefalException.badInput(at + ".time must be a non-negative number of unix seconds");
            }
            time = Math.round(t.asDouble() * 1000);
        }
        Double boost = null;
        JsonNode b = u.get("boost");
        if (b != null && !b.isNull()) {
            if (!b.isNumber() || !Double.isFinite(b.asDouble())) {
                throw AnbefalException.badInput(at + ".boost must be a number");
            }
            boost = b.asDouble();
        }
        Integer number = null;
        JsonNode n = u.get("number");
        if (n != null && !n.isNull()) {
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw AnbefalException.badInput(at + ".number must be an integer");
            }
            number = n.asInt();
        }
        String eventId = null;
        JsonNode e = u.get("eventId");
        if (e != null && !e.isNull()) {
            if (!e.isTextual() && !e.isIntegralNumber()) {
                throw AnbefalException.badInput(at + ".eventId must be a string");
            }
            eventId = e.asText();
            if (eventId.isEmpty() || eventId.length() > Limits.EVENT_ID) {
                throw AnbefalException.badInput(at + ".eventId must be 1 to " + Limits.EVENT_ID + " characters");
            }
        }
        return new Update(customer, entities, what, where, origin, tags, time, boost, number, eventId);
    }

    /** A recommend request: {@code recommender}, {@code externalIds}, {@code tags}, {@code num} (alias {@code n}). */
    public static RecommendRequest recommend(JsonNode body) {
        String recommender = text(body, "recommender", "recommender", Limits.RECOMMENDER, true);
        List<String> ids = strings(body, "externalIds", "externalIds", false);
        List<String> tags = strings(body, "tags", "tags", false);
        JsonNode num = body.get("num");
        String field = "num";
        if (num == null || num.isNull()) {
            num = body.get("n");
            field = "n";
        }
        int count = DEFAULT_NUM;
        if (num != null && !num.isNull()) {
            if (num.isTextual() && num.asText().matches("\\d{1,9}")) {
                count = Integer.parseInt(num.asText());
            } else if (num.isIntegralNumber() && num.canConvertToInt()) {
                count = num.asInt();
            } else {
                throw AnbefalException.badInput(field + " must be an integer from 1 to " + MAX_NUM);
            }
        }
        return new RecommendRequest(recommender, ids, tags, num(count, field));
    }

    /** A recommend body's service and request, as {@link #service} and {@link #recommend} would read them. */
    public record ServiceRecommend(String service, RecommendRequest request) {
    }

    /**
     * A recommend body read straight from its tokens, without a tree, when it is a plain valid one: only the
     * fields {@code service}, {@code recommender}, {@code externalIds}, {@code tags}, {@code num} and {@code n},
     * of their usual types, each passing every check of {@link #object}, {@link #service} and {@link #recommend}.
     * Anything else (an unknown field, another type, a value a check refuses, malformed JSON) gives null, and the
     * caller takes the tree path, which answers it as before, with its messages and in its order; so a body is
     * never answered differently ({@code RecommendBodyTest} compares both over many bodies). The recommend path
     * is the hottest of the API: building the tree cost about a tenth of a cached answer's request.
     */
    public static ServiceRecommend plainRecommend(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        String service = null;
        String recommender = null;
        List<String> ids = null;
        List<String> tags = null;
        Integer num = null;
        Integer n = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                var t = p.nextToken();
                switch (field) {
                    case "service" -> service = plainText(p, t, Limits.SERVICE);
                    case "recommender" -> recommender = plainText(p, t, Limits.RECOMMENDER);
                    case "externalIds" -> ids = plainStrings(p, t);
                    case "tags" -> tags = plainStrings(p, t);
                    case "num" -> num = plainCount(p, t);
                    case "n" -> n = plainCount(p, t);
                    default -> {
                        return null;
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null; // malformed, or a value a check refuses: the tree path says what is wrong
        }
        if (service == null || recommender == null) {
            return null;
        }
        Integer count = num != null ? num : n;
        if ((ids != null && !Lengths.fitsAsJson(ids)) || (tags != null && !Lengths.fitsAsJson(tags))
                || (count != null && (count < 1 || count > MAX_NUM))) {
            return null;
        }
        return new ServiceRecommend(service, new RecommendRequest(recommender, ids == null ? List.of() : ids,
                tags == null ? List.of() : tags, count == null ? DEFAULT_NUM : count));
    }

    /**
     * A non-empty string of at most {@code max} characters; throws (to the tree path) for anything else, null too
     * (which stands for absent: rare, and the tree path's to answer).
     */
    private static String plainText(JsonParser p, JsonToken t, int max) throws java.io.IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException();
        }
        String s = p.getText();
        if (s.isEmpty() || s.length() > max) {
            throw new IllegalArgumentException();
        }
        return s;
    }

    /** An array of non-empty strings within the entity length; throws (to the tree path) for anything else. */
    private static List<String> plainStrings(JsonParser p, JsonToken t) throws java.io.IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException();
        }
        List<String> result = new ArrayList<>();
        for (var e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException();
            }
            String s = p.getText();
            if (s.isEmpty() || s.length() > Limits.ENTITY) {
                throw new IllegalArgumentException();
            }
            result.add(s);
        }
        return result;
    }

    /** An int, or a string of 1 to 9 digits, as {@link #recommend} takes a count; throws for anything else. */
    private static int plainCount(JsonParser p, JsonToken t) throws java.io.IOException {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        if (t == JsonToken.VALUE_STRING && p.getText().matches("\\d{1,9}")) {
            return Integer.parseInt(p.getText());
        }
        throw new IllegalArgumentException();
    }

    /** Checks a count of results. */
    public static int num(int count, String field) {
        if (count < 1 || count > MAX_NUM) {
            throw AnbefalException.badInput(field + " must be from 1 to " + MAX_NUM + ", not " + count);
        }
        return count;
    }

    /** The most ids one erasure request names. */
    public static final int MAX_ERASE_IDS = 10_000;

    /** An optional array of person ids (customers or visitors) named {@code name}: at most {@value #MAX_ERASE_IDS}. */
    public static List<String> personIds(JsonNode body, String name) {
        List<String> ids = strings(body, name, name, false);
        if (ids.size() > MAX_ERASE_IDS) {
            throw AnbefalException.badInput(name + " holds " + ids.size() + " ids, at most " + MAX_ERASE_IDS);
        }
        return ids;
    }

    /** JSON text the store holds (a user record) as a tree. */
    public static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored record is not JSON", e);
        }
    }

    private static String text(JsonNode node, String name, String at, int max, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw AnbefalException.badInput(at + " is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw AnbefalException.badInput(at + " must be a string");
        }
        String s = v.asText();
        if (required && s.isEmpty()) {
            throw AnbefalException.badInput(at + " is empty");
        }
        if (s.length() > max) {
            throw AnbefalException.badInput(Lengths.tooLong(at, max));
        }
        return s;
    }

    private static List<String> strings(JsonNode node, String name, String at, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw AnbefalException.badInput(at + " is missing: an array of strings is expected");
            }
            return List.of();
        }
        if (!v.isArray()) {
            throw AnbefalException.badInput(at + " must be an array of strings");
        }
        if (required && v.isEmpty()) {
            throw AnbefalException.badInput(at + " is empty: at least one id is expected");
        }
        List<String> result = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode s = v.get(i);
            if (!s.isTextual() || s.asText().isEmpty()) {
                throw AnbefalException.badInput(at + "[" + i + "] must be a non-empty string");
            }
            if (s.asText().length() > Limits.ENTITY) {
                throw AnbefalException.badInput(Lengths.tooLong(at + "[" + i + "]", Limits.ENTITY));
            }
            result.add(s.asText());
        }
        return Lengths.checkJson(at, result);
    }
}
