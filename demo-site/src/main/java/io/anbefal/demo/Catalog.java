package io.anbefal.demo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo shop's products and categories, read once from {@code catalog.json} on the class path.
 * Immutable and safe to share between threads.
 */
public final class Catalog {

    /** The resource the default catalog is read from. */
    public static final String RESOURCE = "/io/anbefal/demo/catalog.json";

    /**
     * A product category.
     *
     * @param id     short id, used in URLs (and as the catalog fact's entity)
     * @param name   display name
     * @param colour CSS colour of its generated images
     * @param shape  the shape its generated images draw
     * @param blurb  one line for the category page
     */
    public record Category(String id, String name, String colour, String shape, String blurb) {
    }

    /**
     * A product.
     *
     * @param id          the entity id the recommender sees, also used in URLs
     * @param name        display name
     * @param brand       maker (publisher for books)
     * @param category    its category's id
     * @param kind        what sort of thing it is (skillet, grinder, ...); products of one kind are substitutes
     * @param price       price in whole {@link #currency()} units
     * @param description a few sentences for the product page
     * @param goesWith    kinds that are bought together with this one
     */
    public record Product(String id, String name, String brand, String category, String kind, int price,
                          String description, List<String> goesWith) {
        public Product {
            goesWith = goesWith == null ? List.of() : List.copyOf(goesWith);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record File(String currency, List<Category> categories, List<Product> products) {
    }

    private static volatile Catalog standard;

    private final String currency;
    private final List<Category> categories;
    private final List<Product> products;
    private final Map<String, Product> byId = new LinkedHashMap<>();
    private final Map<String, Category> categoryById = new LinkedHashMap<>();

    private Catalog(File file) {
        this.currency = file.currency() == null ? "kr" : file.currency();
        this.categories = List.copyOf(file.categories());
        this.products = List.copyOf(file.products());
        for (Category c : categories) {
            categoryById.put(c.id(), c);
        }
        for (Product p : products) {
            if (!categoryById.containsKey(p.category())) {
                throw new IllegalArgumentException("product " + p.id() + " names an unknown category " + p.category());
            }
            if (byId.put(p.id(), p) != null) {
                throw new IllegalArgumentException("product id " + p.id() + " occurs twice");
            }
        }
    }

    /** The catalog shipped with the demo (read once, then shared). */
    public static Catalog standard() {
        Catalog c = standard;
        if (c == null) {
            try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                c = read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            standard = c;
        }
        return c;
    }

    /** Reads a catalog in the format of {@code catalog.json}. */
    public static Catalog read(InputStream in) throws IOException {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return new Catalog(mapper.readValue(in, File.class));
    }

    /** The currency label shown after prices, such as {@code kr}. */
    public String currency() {
        return currency;
    }

    /** All categories in display order. */
    public List<Category> categories() {
        return categories;
    }

    /** All products in catalog order. */
    public List<Product> products() {
        return products;
    }

    /** A product by id. */
    public Optional<Product> product(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** A category by id. */
    public Optional<Category> category(String id) {
        return Optional.ofNullable(categoryById.get(id));
    }

    /** The products of one category, in catalog order. */
    public List<Product> inCategory(String categoryId) {
        return products.stream().filter(p -> p.category().equals(categoryId)).toList();
    }
}
