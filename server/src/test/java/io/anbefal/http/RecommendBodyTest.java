package io.anbefal.http;

import io.anbefal.app.AnbefalException;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.store.Limits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The recommend body's token path ({@link Payloads#plainRecommend}) answers exactly what the tree path
 * ({@link Payloads#object}, {@link Payloads#service}, {@link Payloads#recommend}) answers, or leaves the body to it:
 * over many generated bodies, valid and not, whenever the token path takes one the tree path takes it too, with
 * the same service and request; and plain valid bodies do take the token path.
 */
class RecommendBodyTest {

    private static final String LONG_ID = "x".repeat(Limits.ENTITY + 1);
    private static final String[] TEXTS = {"\"s1\"", "\"\"", "null", "5", "true", "[\"s1\"]", "{\"a\":1}",
            "\"" + "s".repeat(Limits.SERVICE) + "\"", "\"" + "s".repeat(Limits.SERVICE + 1) + "\"",
            "\"" + "r".repeat(Limits.RECOMMENDER + 1) + "\"", "\"\\u00e6\\u00f8\\u00e5\"", "\"ProductForCustomerRecommender\"",
            "\"a\\\"b\"", "\"tab\\tx\""};
    private static final String[] ARRAYS = {"[]", "[\"a\"]", "[\"a\",\"b\",]", "[\"\", \"b\"]", "[1]", "[null]", "null",
            "\"a\"", "[\"" + LONG_ID + "\"]", "[\"\\u2028\",\"\\ud83d\\ude00\"]", "[[\"a\"]]", "{}", "[\"userid:c1\",\"filter:price<10\"]"};
    private static final String[] COUNTS = {"10", "\"10\"", "\"0012\"", "0", "-1", "1000", "1001", "1.5", "1e1",
            "\"x\"", "\"1234567890\"", "true", "null", "99999999999", "\"\"", "[3]", "7"};
    private static final String[] FIELDS = {"service", "recommender", "externalIds", "tags", "num", "n", "other",
            "Service"};

    /** What the tree path answers: the service and request, or the error's message. */
    private static Object tree(byte[] body) {
        try {
            var node = Payloads.object(body);
            String service = Payloads.service(node);
            RecommendRequest request = Payloads.recommend(node);
            return new Payloads.ServiceRecommend(service, request);
        } catch (AnbefalException e) {
            return e.getMessage();
        }
    }

    private static String value(Random random, String field) {
        if (random.nextInt(10) < 7) { // mostly values the checks take, so that many bodies are valid
            return switch (field) {
                case "service" -> "\"s1\"";
                case "recommender" -> random.nextBoolean() ? "\"ProductForCustomerRecommender\"" : "\"\\u00e6\\u00f8\\u00e5\"";
                case "externalIds", "tags" -> pick(random, new String[] {"[]", "[\"a\"]", "[\"a\",\"b\",]",
                        "[\"\\u2028\",\"\\ud83d\\ude00\"]", "[\"userid:c1\",\"filter:price<10\"]"});
                case "num", "n" -> pick(random, new String[] {"10", "\"10\"", "\"0012\"", "1000", "7"});
                default -> pick(random, TEXTS);
            };
        }
        return switch (field) {
            case "service", "recommender", "other", "Service" -> random.nextInt(3) == 0
                    ? pick(random, ARRAYS) : pick(random, TEXTS);
            case "externalIds", "tags" -> random.nextInt(5) == 0 ? pick(random, TEXTS) : pick(random, ARRAYS);
            default -> random.nextInt(6) == 0 ? pick(random, TEXTS) : pick(random, COUNTS);
        };
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A body of some of the fields (now and then one twice), in any order, now and then damaged. */
    private static String body(Random random) {
        List<String> fields = new ArrayList<>(List.of(FIELDS));
        Collections.shuffle(fields, random);
        List<String> members = new ArrayList<>();
        for (String f : fields) {
            boolean rare = f.equals("other") || f.equals("Service");
            if (rare ? random.nextInt(8) == 0 : f.equals("service") || f.equals("recommender")
                    ? random.nextInt(12) != 0 : random.nextInt(3) != 0) {
                members.add("\"" + f + "\"" + (random.nextBoolean() ? ":" : " : ") + value(random, f));
            }
        }
        if (random.nextInt(15) == 0 && !members.isEmpty()) {
            members.add(members.getFirst()); // a duplicate key
        }
        String json = "{" + String.join(",", members) + (random.nextInt(12) == 0 ? "," : "") + "}";
        return switch (random.nextInt(30)) {
            case 0 -> json + " {}";
            case 1 -> json.substring(0, random.nextInt(json.length()));
            case 2 -> "[" + json + "]";
            case 3 -> " \n" + json + " \t\n";
            case 4 -> json + "x";
            default -> json;
        };
    }

    @Test
    void theTokenPathNeverAnswersOtherwiseThanTheTreePath() {
        Random random = new Random(20261202);
        int taken = 0;
        int valid = 0;
        for (int k = 0; k < 50_000; k++) {
            String json = body(random);
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            Object expected = tree(bytes);
            Payloads.ServiceRecommend plain = Payloads.plainRecommend(bytes);
            if (expected instanceof Payloads.ServiceRecommend) {
                valid++;
            }
            if (plain != null) {
                taken++;
                if (!plain.equals(expected)) {
                    fail("the token path answered " + plain + " where the tree path answered " + expected + " for " + json);
                }
            }
        }
        // the generator makes enough valid bodies, and the token path takes a good share of them
        assertEquals(true, valid > 2_000, "valid bodies: " + valid);
        assertEquals(true, taken > valid / 4, "taken by the token path: " + taken + " of " + valid + " valid");
    }

    @Test
    void plainBodiesTakeTheTokenPath() {
        String[] plainBodies = {
                "{\"service\":\"bench\",\"recommender\":\"ProductForCustomerRecommender\",\"externalIds\":[\"c1\"],\"num\":10}",
                "{\"service\":\"shop\",\"recommender\":\"ItemToItemRecommender\",\"externalIds\":[\"a\",\"b\"],"
                        + "\"tags\":[\"userid:c1\",\"filter:price<10\"],\"n\":\"5\"}",
                "{\"recommender\":\"PopularRecommender\",\"service\":\"shop\",\"externalIds\":[],}",
        };
        for (String json : plainBodies) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            Payloads.ServiceRecommend plain = Payloads.plainRecommend(bytes);
            assertNotNull(plain, json);
            assertEquals(tree(bytes), plain, json);
        }
        // what the token path leaves to the tree path, which names the problem
        String many = "[" + String.join(",", Collections.nCopies(Limits.ENTITY, "\"" + "y".repeat(Limits.ENTITY) + "\"")) + "]";
        for (String json : new String[] {"{\"service\":\"s\",\"recommender\":\"R\",\"num\":0}",
                "{\"service\":\"s\",\"recommender\":\"R\",\"num\":1001}", "{\"service\":\"s\",\"recommender\":\"R\",\"n\":\"x\"}",
                "{\"service\":\"" + "s".repeat(Limits.SERVICE + 1) + "\",\"recommender\":\"R\"}",
                "{\"service\":\"s\",\"recommender\":\"" + "r".repeat(Limits.RECOMMENDER + 1) + "\"}",
                "{\"service\":\"s\",\"recommender\":\"R\",\"externalIds\":[\"" + LONG_ID + "\"]}",
                "{\"service\":\"s\",\"recommender\":\"R\",\"tags\":" + many + "}",
                "{\"service\":null,\"recommender\":\"R\"}", "{\"service\":\"s\",\"service\":\"s\",\"recommender\":\"R\"}",
                "{\"service\":\"s\",\"recommender\":\"\"}", "[{\"service\":\"s\",\"recommender\":\"R\"}]",
                "{\"service\":\"s\",\"recommender\":\"R\",\"externalIds\":[1]}", "{\"service\":\"s\"}",
                "{\"service\":\"s\",\"recommender\":\"R\"} x"}) {
            assertNull(Payloads.plainRecommend(json.getBytes(StandardCharsets.UTF_8)), json);
            assertEquals(String.class, tree(json.getBytes(StandardCharsets.UTF_8)).getClass(), "an error: " + json);
        }
        // an unknown field is ignored, by the tree path
        byte[] extra = "{\"service\":\"s\",\"recommender\":\"R\",\"extra\":{\"a\":[1]}}".getBytes(StandardCharsets.UTF_8);
        assertNull(Payloads.plainRecommend(extra));
        assertEquals(new Payloads.ServiceRecommend("s", new RecommendRequest("R", List.of(), List.of(), 10)), tree(extra));
    }
}
