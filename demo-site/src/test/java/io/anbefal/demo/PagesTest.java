package io.anbefal.demo;

import io.anbefal.demo.Catalog.Product;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagesTest {

    private final Catalog catalog = Catalog.standard();
    private final SampleCustomer ingrid = new SampleCustomer("cust-0001", "Ingrid", List.of("kitchen"));
    private final Pages pages = new Pages(catalog, "http://localhost:8080/", "demo", List.of(ingrid));

    @Test
    void anonymousPagesCarryTheCrecTagWithoutEuid() {
        String tag = "<script type=\"application/javascript\" async=\"true\" "
                     + "src=\"http://localhost:8080/ajaxrecapi/1.0/crec?service=demo\"></script>";
        String html = pages.home(null);
        assertTrue(html.contains(tag), html);
        assertFalse(html.contains("euid="));
        assertTrue(html.indexOf("window.sannsyn = window.sannsyn || []") < html.indexOf(tag),
                "the command queue stub comes before the crec tag");
    }

    @Test
    void signedInPagesPassTheCustomerAsEuid() {
        String tag = "<script type=\"application/javascript\" async=\"true\" "
                     + "src=\"http://localhost:8080/ajaxrecapi/1.0/crec?service=demo&euid=cust-0001\"></script>";
        Product p = catalog.products().get(5);
        for (String html : List.of(pages.home(ingrid), pages.product(p, ingrid), pages.cart(ingrid),
                pages.checkout(ingrid), pages.signin(ingrid, "/"), pages.stats(ingrid),
                pages.category(catalog.categories().getFirst(), ingrid))) {
            assertTrue(html.contains(tag), html);
            assertTrue(html.contains("data-customer=\"cust-0001\""));
        }
    }

    @Test
    void euidAndServiceAreUrlEncoded() {
        Pages odd = new Pages(catalog, "http://api.example", "my shop", List.of());
        assertTrue(odd.crecTag(new SampleCustomer("a&b c", "X", List.of()))
                .contains("src=\"http://api.example/ajaxrecapi/1.0/crec?service=my+shop&euid=a%26b+c\""));
    }

    @Test
    void aShopInSignedModeSignsTheEuidInTheTag() {
        Pages signing = new Pages(catalog, "http://api.example", "demo", List.of(), euid -> "ab12" + euid.length());
        assertTrue(signing.crecTag(new SampleCustomer("cust-0001", "X", List.of()))
                .contains("crec?service=demo&euid=cust-0001&sig=ab129\""));
        assertTrue(signing.crecTag(null).contains("crec?service=demo\""), "no customer, no signature");
    }

    @Test
    void productPageHasItsShelvesAndAddToCart() {
        Product p = catalog.products().get(10);
        String html = pages.product(p, null);
        assertTrue(html.contains("data-product=\"" + p.id() + "\""));
        assertTrue(html.contains("data-add-to-cart=\"" + p.id() + "\""));
        assertTrue(html.contains("data-shelf=\"also-viewed\" data-recommender=\"ItemToItemRecommender\""));
        assertTrue(html.contains("data-shelf=\"for-you\" data-recommender=\"ProductForCustomerRecommender\""));
        assertTrue(html.contains(Html.escape(p.name())));
    }

    @Test
    void cartPageAsksForBasketComplements() {
        assertTrue(pages.cart(null).contains("data-recommender=\"ShoppingBasketRecommender\""));
        assertTrue(pages.home(null).contains("data-recommender=\"PopularRecommender\""));
    }

    @Test
    void textIsEscaped() {
        SampleCustomer evil = new SampleCustomer("x", "<script>alert(1)</script>", List.of());
        String html = new Pages(catalog, "http://a", "demo", List.of(evil)).home(evil);
        assertFalse(html.contains("<script>alert(1)</script>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    void pricesUseSpacesForThousands() {
        assertEquals("1\u00a0290\u00a0kr", pages.price(1290));
        assertEquals("59\u00a0kr", pages.price(59));
        assertEquals("12\u00a0345\u00a0kr", pages.price(12345));
    }

    @Test
    void templatesFailOnMissingValues() {
        Template t = Template.of("t", "<p>{{a}} {{{b}}}</p>");
        assertEquals("<p>&lt;x&gt; <i>y</i></p>", t.render(Map.of("a", "<x>", "b", "<i>y</i>")));
        assertThrows(IllegalStateException.class, () -> t.render(Map.of("a", "1")));
    }
}
