package io.anbefal.demo;

import io.anbefal.demo.Catalog.Category;
import io.anbefal.demo.Catalog.Product;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders the shop's pages from the templates in {@code templates/}. Every page goes through
 * {@code layout.html}, which carries the crec tag exactly as a shop would paste it. Pure: no HTTP here,
 * so tests render pages directly.
 */
final class Pages {

    /** The recommenders the shelves ask for. */
    static final String FOR_YOU = "ProductForCustomerRecommender";
    static final String ALSO_VIEWED = "ItemToItemRecommender";
    static final String BASKET = "ShoppingBasketRecommender";
    static final String POPULAR = "PopularRecommender";

    private final Catalog catalog;
    private final String api;
    private final String service;
    private final List<SampleCustomer> customers;
    private final Function<String, String> signer;
    private final Template layout = Template.load("layout.html");
    private final Template home = Template.load("home.html");
    private final Template category = Template.load("category.html");
    private final Template product = Template.load("product.html");
    private final Template cart = Template.load("cart.html");
    private final Template checkout = Template.load("checkout.html");
    private final Template signin = Template.load("signin.html");
    private final Template stats = Template.load("stats.html");
    private final Template notFound = Template.load("notfound.html");

    Pages(Catalog catalog, String apiBaseUrl, String service, List<SampleCustomer> customers) {
        this(catalog, apiBaseUrl, service, customers, euid -> null);
    }

    /** @param signer the signature of a customer id for the crec tag's {@code sig}, or null for none */
    Pages(Catalog catalog, String apiBaseUrl, String service, List<SampleCustomer> customers,
          Function<String, String> signer) {
        this.signer = signer;
        this.catalog = catalog;
        this.api = apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
        this.service = service;
        this.customers = List.copyOf(customers);
    }

    /** The sample customer with this id, if it is one. */
    Optional<SampleCustomer> customer(String id) {
        return customers.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The crec tag for a visitor: with {@code euid} when signed in, and its {@code sig} when the shop signs. */
    String crecTag(SampleCustomer signedIn) {
        String sig = signedIn == null ? null : signer.apply(signedIn.id());
        String src = api + "/ajaxrecapi/1.0/crec?service=" + Html.query(service)
                + (signedIn == null ? "" : "&euid=" + Html.query(signedIn.id()))
                + (sig == null ? "" : "&sig=" + Html.query(sig));
        // '&' followed by "euid=" is not a character reference, so the tag stays as a shop would paste it
        return "<script type=\"application/javascript\" async=\"true\" src=\"" + src.replace("\"", "%22") + "\"></script>";
    }

    String home(SampleCustomer who) {
        StringBuilder tiles = new StringBuilder();
        for (Category c : catalog.categories()) {
            Product first = catalog.inCategory(c.id()).getFirst();
            tiles.append("<li class=\"tile\"><a href=\"/c/").append(Html.escape(c.id())).append("\">")
                    .append("<img src=\"/img/").append(Html.escape(first.id())).append(".svg\" alt=\"\" loading=\"lazy\">")
                    .append("<span class=\"tile-name\">").append(Html.escape(c.name())).append("</span>")
                    .append("<span class=\"tile-blurb\">").append(Html.escape(c.blurb())).append("</span></a></li>");
        }
        Map<String, String> v = new HashMap<>();
        v.put("greeting", who == null ? "Welcome to the Anbefal demo shop" : "Welcome back, " + who.name());
        v.put("forYou", shelf("for-you", "Recommended for you", FOR_YOU, 8));
        v.put("popular", shelf("popular", "Popular right now", POPULAR, 8));
        v.put("tiles", tiles.toString());
        return page("Home", "home", who, "", home.render(v));
    }

    String category(Category c, SampleCustomer who) {
        Map<String, String> v = new HashMap<>();
        v.put("name", c.name());
        v.put("blurb", c.blurb());
        v.put("grid", grid(catalog.inCategory(c.id())));
        v.put("forYou", shelf("for-you", "Recommended for you", FOR_YOU, 6));
        return page(c.name(), "category", who, "", category.render(v));
    }

    String product(Product p, SampleCustomer who) {
        Category c = catalog.category(p.category()).orElseThrow();
        Map<String, String> v = new HashMap<>();
        v.put("id", p.id());
        v.put("name", p.name());
        v.put("brand", p.brand());
        v.put("categoryId", c.id());
        v.put("categoryName", c.name());
        v.put("price", price(p.price()));
        v.put("description", p.description());
        v.put("alsoViewed", shelf("also-viewed", "Customers also viewed", ALSO_VIEWED, 6));
        v.put("forYou", shelf("for-you", "Recommended for you", FOR_YOU, 6));
        return page(p.name(), "product", who, p.id(), product.render(v));
    }

    String cart(SampleCustomer who) {
        Map<String, String> v = new HashMap<>();
        v.put("basket", shelf("basket", "Complete your basket", BASKET, 6));
        return page("Your cart", "cart", who, "", cart.render(v));
    }

    String checkout(SampleCustomer who) {
        Map<String, String> v = new HashMap<>();
        v.put("name", who == null ? "" : who.name());
        v.put("email", who == null ? "" : who.name().toLowerCase() + "@example.org");
        v.put("forYou", shelf("for-you", "Recommended for you", FOR_YOU, 6));
        return page("Checkout", "checkout", who, "", checkout.render(v));
    }

    String signin(SampleCustomer who, String returnTo) {
        StringBuilder list = new StringBuilder();
        for (SampleCustomer c : customers) {
            StringBuilder likes = new StringBuilder();
            for (String id : c.favouriteCategories()) {
                likes.append(likes.isEmpty() ? "" : ", ").append(catalog.category(id).map(Category::name).orElse(id));
            }
            boolean current = who != null && who.id().equals(c.id());
            list.append("<li class=\"person").append(current ? " current" : "").append("\">")
                    .append("<form method=\"post\" action=\"/signin\">")
                    .append("<input type=\"hidden\" name=\"customer\" value=\"").append(Html.escape(c.id())).append("\">")
                    .append("<input type=\"hidden\" name=\"return\" value=\"").append(Html.escape(returnTo)).append("\">")
                    .append("<button type=\"submit\" data-customer=\"").append(Html.escape(c.id())).append("\">")
                    .append("<span class=\"avatar\">").append(Html.escape(c.name().substring(0, 1))).append("</span>")
                    .append("<span class=\"person-name\">").append(Html.escape(c.name())).append("</span>")
                    .append("<span class=\"person-id\">").append(Html.escape(c.id())).append("</span>")
                    .append("<span class=\"person-likes\">Likes ").append(Html.escape(likes.toString())).append("</span>")
                    .append("</button></form></li>");
        }
        Map<String, String> v = new HashMap<>();
        v.put("status", who == null ? "You are browsing anonymously." : "You are signed in as " + who.name() + " (" + who.id() + ").");
        v.put("customers", list.toString());
        v.put("signedIn", who == null ? "hidden" : "");
        return page("Sign in", "signin", who, "", signin.render(v));
    }

    String stats(SampleCustomer who) {
        return page("Statistics", "stats", who, "", stats.render(Map.of("service", service)));
    }

    String notFound(SampleCustomer who, String what) {
        return page("Not found", "notfound", who, "", notFound.render(Map.of("what", what)));
    }

    /** The whole page around a rendered body. */
    String page(String title, String pageKind, SampleCustomer who, String productId, String content) {
        StringBuilder nav = new StringBuilder();
        for (Category c : catalog.categories()) {
            nav.append("<a href=\"/c/").append(Html.escape(c.id())).append("\">").append(Html.escape(c.name())).append("</a>");
        }
        String account = who == null
                ? "<a class=\"account\" href=\"/signin\">Sign in</a>"
                : "<a class=\"account signed-in\" href=\"/signin\" title=\"" + Html.escape(who.id()) + "\">"
                  + "<span class=\"avatar small\">" + Html.escape(who.name().substring(0, 1)) + "</span>"
                  + Html.escape(who.name()) + "</a>";
        Map<String, String> v = new HashMap<>();
        v.put("title", title);
        v.put("page", pageKind);
        v.put("service", service);
        v.put("api", api);
        v.put("customer", who == null ? "" : who.id());
        v.put("product", productId);
        v.put("currency", catalog.currency());
        v.put("crec", crecTag(who));
        v.put("nav", nav.toString());
        v.put("account", account);
        v.put("content", content);
        return layout.render(v);
    }

    /** An empty shelf that shop.js fills from the recommender. */
    static String shelf(String kind, String heading, String recommender, int num) {
        return "<section class=\"shelf\" data-shelf=\"" + kind + "\" data-recommender=\"" + recommender
               + "\" data-num=\"" + num + "\" aria-busy=\"true\"><div class=\"shelf-head\"><h2>" + Html.escape(heading)
               + "</h2><span class=\"shelf-note\"></span></div><ul class=\"shelf-items\">"
               + "<li class=\"card skeleton\"></li>".repeat(Math.min(num, 4)) + "</ul></section>";
    }

    private String grid(List<Product> products) {
        StringBuilder s = new StringBuilder("<ul class=\"grid\">");
        for (Product p : products) {
            s.append("<li class=\"card\"><a href=\"/p/").append(Html.escape(p.id())).append("\">")
                    .append("<img src=\"/img/").append(Html.escape(p.id())).append(".svg\" alt=\"\" loading=\"lazy\">")
                    .append("<span class=\"name\">").append(Html.escape(p.name())).append("</span>")
                    .append("<span class=\"price\">").append(Html.escape(price(p.price()))).append("</span></a></li>");
        }
        return s.append("</ul>").toString();
    }

    /** A price as the shop shows it: {@code 1 290 kr}. */
    String price(int amount) {
        String digits = Integer.toString(amount);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                s.append('\u00a0');
            }
            s.append(digits.charAt(i));
        }
        return s + "\u00a0" + catalog.currency();
    }
}
