package io.anbefal.http.miso;

import io.anbefal.app.AnbefalException;
import io.anbefal.engine.rules.ItemAttributes;
import io.anbefal.engine.rules.RuleContext;
import io.anbefal.miso.ProductFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MisoPayloadsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2021-08-24T14:15:22Z", "2021\u201308\u201324T14:15:22Z", "2021\u201408\u201424T14:15:22Z",
        "2021\u221208\u221224T14:15:22Z", "2021-08-24T16:15:22+02:00", "2021-08-24T14:15:22", "2021-08-24T14:15:22.000Z",
        // the forms Miso accepts besides: an offset of +01:00, +0100 or +01, a space for the T, fractions
        "2021-08-24T15:15:22+01:00", "2021-08-24T15:15:22+0100", "2021-08-24T15:15:22+01", "2021-08-24 14:15:22Z",
        "2021-08-24 15:15:22+01:00", "2021-08-24 14:15:22", "2021-08-24 10:15:22 -04:00", "2021-08-24T14:15:22.000000Z"})
    void isoTimestampsAndTheirTypographicDashesAreRead(String text) {
        assertEquals(Instant.parse("2021-08-24T14:15:22Z"), MisoPayloads.instant(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2021-08-24", "2021\u201308\u201324"})
    void aDateAloneIsItsMidnightUtc(String text) {
        assertEquals(Instant.parse("2021-08-24T00:00:00Z"), MisoPayloads.instant(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2021/08/24T14:15:22Z", "1629814522", "", "2021-08-24T25:15:22Z",
        "2021-08-24T14:15:22+25:00", "2021-08-24  14:15:22Z", "2021-08-24T14:15:22Zjunk", "24.08.2021 14:15",
        "2021-08-24T14:15:22.1234567890Z", "2021-13-24T14:15:22Z"})
    void malformedTimestampsAreNotRead(String text) {
        assertNull(MisoPayloads.instant(text));
    }

    static final Map<String, Object> JEANS = Map.of("product_id", "j", "brand", "Acme", "price", 49.5,
            "categories", List.of(List.of("Men", "Jeans")), "custom_attributes", Map.of("color", "blue"));

    /** Whether the translated fq selects the record, through the engine's one rule evaluator. */
    private static boolean matches(String fq, Map<String, Object> record) {
        ItemAttributes attributes = new ItemAttributes();
        attributes.put("j", record);
        return attributes.matching(ProductFilter.parse(fq), RuleContext.EMPTY, List.of("j")).contains("j");
    }

    @Test
    void theSupportedFilterSyntaxMatchesRecords() {
        for (String fq : List.of("brand:Acme", "brand:\"Acme\"", "price:[40 TO 50]", "price:[* TO 49.5]",
                "categories:Jeans", "brand:(Other OR Acme)", "custom_attributes.color:blue", "brand:*",
                "-brand:Other", "NOT brand:Other", "brand:Acme AND price:[0 TO *] AND categories:\"Men\"",
                "brand:Acme OR brand:Other", "(brand:Acme)", "price:{49 TO 50}", "price:[49.5 TO 50}",
                "brand:Other OR (price:[* TO 50] AND -size:*)", "brand:Acme && !brand:Other", "price:49.5",
                "released:[2021-01-01T00:00:00Z TO *]")) {
            assertTrue(matches(fq, JEANS_RELEASED), fq);
        }
        for (String fq : List.of("brand:Other", "price:[50 TO *]", "categories:Shirts", "-brand:Acme", "size:*",
                "brand:acme", "price:{40 TO 49.5}", "brand:Acme AND brand:Other", "released:[* TO 2021-01-01]")) {
            assertFalse(matches(fq, JEANS_RELEASED), fq);
        }
    }

    static final Map<String, Object> JEANS_RELEASED = withReleased();

    private static Map<String, Object> withReleased() {
        Map<String, Object> r = new java.util.HashMap<>(JEANS);
        r.put("released", "2021-08-24T14:15:22Z");
        return r;
    }

    @Test
    void otherFilterSyntaxIsRefusedNamingIt() {
        for (String fq : List.of("brand:Ac*", "price:[1 TO]", "just words", "{!geofilt}", "brand:Acme brand:Other",
                "(brand:Acme", "brand:", "title:shoe~2")) {
            AnbefalException e = assertThrows(AnbefalException.class, () -> ProductFilter.parse(fq), fq);
            assertEquals(AnbefalException.Kind.BAD_INPUT, e.kind());
            assertTrue(e.details().getFirst().startsWith("fq is invalid at column"), e.details().toString());
        }
        assertNull(ProductFilter.parse(null));
        AnbefalException boost = assertThrows(AnbefalException.class, () -> ProductFilter.parse("boost_fq", "x:"));
        assertTrue(boost.details().getFirst().startsWith("boost_fq is invalid at column 1"), boost.details().toString());
    }
}
