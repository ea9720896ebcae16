package io.anbefal.demo;

import io.anbefal.demo.Catalog.Category;
import io.anbefal.demo.Catalog.Product;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogTest {

    private final Catalog catalog = Catalog.standard();

    @Test
    void hasEnoughProductsAndCategories() {
        assertTrue(catalog.products().size() >= 150, "products: " + catalog.products().size());
        assertTrue(catalog.categories().size() >= 8, "categories: " + catalog.categories().size());
        for (Category c : catalog.categories()) {
            assertTrue(catalog.inCategory(c.id()).size() >= 10, c.id() + " has too few products");
            assertTrue(c.colour().matches("#[0-9a-f]{6}"), c.id() + " colour " + c.colour());
        }
    }

    @Test
    void productsAreComplete() {
        Set<String> names = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        catalog.products().forEach(p -> kinds.add(p.kind()));
        Pattern placeholder = Pattern.compile("(?i)\\bproduct\\s*\\d+");
        for (Product p : catalog.products()) {
            assertTrue(p.id().matches("[a-z]+-\\d{3}"), "id " + p.id());
            assertTrue(names.add(p.name()), "duplicate name " + p.name());
            assertFalse(placeholder.matcher(p.name()).find(), "placeholder name " + p.name());
            assertTrue(p.price() > 0, p.id() + " price");
            assertTrue(p.description().length() > 30, p.id() + " description");
            assertTrue(catalog.category(p.category()).isPresent(), p.id() + " category");
            assertFalse(p.goesWith().isEmpty(), p.id() + " goes with nothing");
            assertTrue(kinds.containsAll(p.goesWith()), p.id() + " goes with an unknown kind " + p.goesWith());
        }
    }

    @Test
    void lookups() {
        Product first = catalog.products().getFirst();
        assertEquals(first, catalog.product(first.id()).orElseThrow());
        assertTrue(catalog.product("no-such-thing").isEmpty());
        assertTrue(catalog.category("kitchen").isPresent());
        assertEquals("kr", catalog.currency());
    }

    @Test
    void rejectsProductsOfUnknownCategories() {
        String json = """
                {"currency":"kr","categories":[{"id":"a","name":"A","colour":"#000000","shape":"circle","blurb":""}],
                 "products":[{"id":"x-101","name":"X","brand":"B","category":"b","kind":"k","price":1,"description":"d","goesWith":[]}]}
                """;
        assertThrows(IllegalArgumentException.class,
                () -> Catalog.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }
}
