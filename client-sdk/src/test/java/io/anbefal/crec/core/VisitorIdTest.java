package io.anbefal.crec.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The script's copy of the server's visitor-id syntax. */
class VisitorIdTest {

    @Test
    void theServersIdsAndUuidsAreVisitorIdsAndNothingElse() {
        for (String id : List.of("AbC_-09.x", "f3Kq9ZxP-2mN_7wR0aLbCd", UUID.randomUUID().toString(), "x".repeat(64))) {
            assertTrue(VisitorId.valid(id), id);
        }
        for (String id : List.of("", "a b", "a;b", "a:b", "a\u0000", "\u00e5", "x".repeat(65))) {
            assertFalse(VisitorId.valid(id), id);
        }
        assertFalse(VisitorId.valid(null));
    }
}
