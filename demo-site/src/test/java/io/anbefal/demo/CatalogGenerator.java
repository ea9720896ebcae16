package io.anbefal.demo;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the demo catalog ({@code catalog.json}) from a few hand-written tables: categories, fictional
 * brands, product kinds with price, variants, description and the kinds they go with. Deterministic: the
 * same code always writes the same file, which {@link CatalogGeneratorTest} checks against the committed one.
 * Run it with {@code -Danbefal.regenerate=true} on that test to rewrite the file.
 */
final class CatalogGenerator {

    static final Path OUTPUT = Path.of("src/main/resources/io/anbefal/demo/catalog.json");

    private record Cat(String id, String name, String colour, String shape, String blurb, String[] brands) {
    }

    private record Kind(String id, String cat, String name, int price, String[] variants, String text, String[] goesWith) {
    }

    private static final List<Cat> CATS = List.of(
            new Cat("kitchen", "Kitchen", "#c2543a", "circle", "Pans, knives and boards that last a lifetime.",
                    new String[] {"Fjellstål", "Eikely", "Nordkjøkken"}),
            new Cat("coffee", "Coffee & Tea", "#7a4b2a", "cup", "Grinders, kettles, beans and leaves for slow mornings.",
                    new String[] {"Morgenbrygg", "Kaffebrenneriet Vest", "Tekanna"}),
            new Cat("outdoor", "Outdoor", "#2f7d4f", "triangle", "Gear for a night under the stars, or a week.",
                    new String[] {"Villmark", "Fjellvant", "Nordlys Outdoor"}),
            new Cat("books", "Books", "#3b5b9a", "book", "Novels, cookbooks and field guides from independent presses.",
                    new String[] {"Forlaget Bro", "Havblikk Press", "Lanterne Books"}),
            new Cat("audio", "Audio", "#5a3d8a", "wave", "Headphones, speakers and records, tuned for living rooms.",
                    new String[] {"Klangfarge", "Sonora Nord", "Bølge Audio"}),
            new Cat("office", "Home Office", "#37474f", "square", "A desk you want to sit at, and the tools to go with it.",
                    new String[] {"Arbeidsro", "Skrivebordet", "Linje"}),
            new Cat("garden", "Garden", "#6b8e23", "leaf", "Tools, pots and seeds for balconies and backyards.",
                    new String[] {"Grønn Hage", "Spire", "Tuntre"}),
            new Cat("toys", "Toys & Games", "#d08a1e", "star", "Wooden toys and games for long evenings.",
                    new String[] {"Lekeloftet", "Terning & Co", "Trollskog"}),
            new Cat("sports", "Sports", "#1f7a8c", "hexagon", "Skis, mats and weights for every season.",
                    new String[] {"Løype", "Styrke", "Fjordløp"}),
            new Cat("bath", "Bath & Body", "#b5617e", "drop", "Towels, soaps and sauna things made of wool, birch and tar.",
                    new String[] {"Badstue", "Bjørk & Tjære", "Ullvask"}));

    private static final List<Kind> KINDS = List.of(
            // kitchen
            new Kind("skillet", "kitchen", "Cast-Iron Skillet", 549, new String[] {"24 cm", "28 cm"},
                    "Pre-seasoned cast iron that goes from hob to oven and browns like nothing else.", new String[] {"sharpener", "apron", "cookbook"}),
            new Kind("chefknife", "kitchen", "Chef's Knife", 899, new String[] {"20 cm, walnut handle", "18 cm, oak handle"},
                    "A forged all-rounder with a full tang and an edge you can keep keen at home.", new String[] {"board", "sharpener"}),
            new Kind("board", "kitchen", "Oak Cutting Board", 449, new String[] {"large", "medium"},
                    "End-grain oak, kind to knife edges and heavy enough to stay put.", new String[] {"chefknife", "apron"}),
            new Kind("casserole", "kitchen", "Enamel Casserole", 1299, new String[] {"4 l", "6 l"},
                    "Enamelled cast iron for stews, bread and everything slow.", new String[] {"cookbook", "apron"}),
            new Kind("sharpener", "kitchen", "Whetstone Sharpener", 329, new String[] {"1000/6000 grit", "400/1000 grit"},
                    "A two-sided water stone with a non-slip base and an angle guide.", new String[] {"chefknife"}),
            new Kind("apron", "kitchen", "Linen Apron", 299, new String[] {"charcoal", "sand"},
                    "Washed linen with deep pockets and a cross-back strap.", new String[] {"board", "casserole"}),
            // coffee
            new Kind("grinder", "coffee", "Burr Grinder", 1790, new String[] {"conical", "flat burr"},
                    "Steel burrs and 40 settings, from espresso fine to press-pot coarse.", new String[] {"beans", "dripper", "filters"}),
            new Kind("kettle", "coffee", "Pour-Over Kettle", 690, new String[] {"0.9 l", "1.2 l"},
                    "A gooseneck spout for a slow, steady pour.", new String[] {"dripper", "beans", "tea"}),
            new Kind("beans", "coffee", "Filter Roast Beans", 159, new String[] {"Ethiopia, 500 g", "Colombia, 500 g", "Kenya, 250 g"},
                    "Lightly roasted whole beans, roasted this month.", new String[] {"grinder", "filters", "mug"}),
            new Kind("filters", "coffee", "Paper Filters", 59, new String[] {"size 02, 100 pcs", "size 01, 100 pcs"},
                    "Unbleached paper filters that leave no taste behind.", new String[] {"dripper", "beans"}),
            new Kind("dripper", "coffee", "Ceramic Dripper", 329, new String[] {"white", "slate"},
                    "A spiral-ribbed ceramic cone for clean, bright cups.", new String[] {"filters", "kettle", "beans"}),
            new Kind("tea", "coffee", "Loose-Leaf Tea", 119, new String[] {"smoky black", "green sencha", "birch & nettle"},
                    "Whole leaves in a resealable tin, enough for about fifty cups.", new String[] {"mug", "kettle"}),
            new Kind("mug", "coffee", "Stoneware Mug", 189, new String[] {"fjord blue", "moss", "oat"},
                    "Hand-thrown stoneware that keeps a drink warm a little longer.", new String[] {"tea", "beans"}),
            // outdoor
            new Kind("tent", "outdoor", "Two-Person Tent", 3490, new String[] {"3-season", "4-season"},
                    "Quick to pitch, stable in wind and light enough for long hikes.", new String[] {"sleepingbag", "headlamp", "stove"}),
            new Kind("sleepingbag", "outdoor", "Down Sleeping Bag", 2790, new String[] {"comfort -5 °C", "comfort 0 °C"},
                    "Responsibly sourced down in a mummy cut that packs small.", new String[] {"tent", "baselayer"}),
            new Kind("poles", "outdoor", "Trekking Poles", 799, new String[] {"carbon", "aluminium"},
                    "Adjustable, foldable poles with cork grips.", new String[] {"bottle", "fieldguide"}),
            new Kind("headlamp", "outdoor", "Headlamp", 449, new String[] {"400 lumen", "250 lumen"},
                    "A rechargeable headlamp with a red night mode.", new String[] {"tent", "stove"}),
            new Kind("bottle", "outdoor", "Insulated Bottle", 349, new String[] {"0.75 l", "1 l"},
                    "Double-walled steel: hot for twelve hours, cold for a day.", new String[] {"poles", "travelguide"}),
            new Kind("stove", "outdoor", "Camp Stove", 899, new String[] {"gas", "multi-fuel"},
                    "A compact burner that boils a litre in three minutes.", new String[] {"tent", "headlamp"}),
            new Kind("baselayer", "outdoor", "Merino Base Layer", 699, new String[] {"crew neck", "half zip"},
                    "Soft merino wool that keeps warm when damp and never smells.", new String[] {"sleepingbag", "skis"}),
            // books
            new Kind("novel", "books", "Novel", 299, new String[] {"The Lighthouse Keeper's Daughter", "Winter in Tromsø",
                    "The Salt Road", "A House by the Fjord"},
                    "A quiet, gripping story of family, weather and the sea.", new String[] {"novel", "poetry"}),
            new Kind("cookbook", "books", "Cookbook", 399, new String[] {"Nordic Baking", "One Pot, Six Seasons", "The Fish Book"},
                    "Recipes tested in home kitchens, with photographs of every dish.", new String[] {"casserole", "skillet"}),
            new Kind("fieldguide", "books", "Field Guide", 349, new String[] {"Birds of the North", "Mushrooms and Berries"},
                    "Pocket-sized, with colour plates and range maps.", new String[] {"poles", "bottle"}),
            new Kind("travelguide", "books", "Travel Guide", 329, new String[] {"Lofoten on Foot", "The Coastal Express"},
                    "Routes, maps and the places locals go.", new String[] {"bottle", "fieldguide"}),
            new Kind("poetry", "books", "Poetry Collection", 249, new String[] {"Tide Lines", "Small Hours"},
                    "Short poems about light, distance and coming home.", new String[] {"novel"}),
            new Kind("picturebook", "books", "Picture Book", 229, new String[] {"The Little Moose", "Troll Under the Bridge"},
                    "A bedtime story with big, warm illustrations.", new String[] {"plush", "trainset"}),
            // audio
            new Kind("headphones", "audio", "Wireless Headphones", 2490, new String[] {"noise cancelling", "open back"},
                    "Thirty hours of battery and a sound that stays balanced at any volume.", new String[] {"stand"}),
            new Kind("speaker", "audio", "Bluetooth Speaker", 1290, new String[] {"portable", "home"},
                    "Full sound from a small wooden box, splash-proof.", new String[] {"headphones"}),
            new Kind("turntable", "audio", "Turntable", 3990, new String[] {"belt drive", "direct drive"},
                    "A solid plinth, a carbon arm and a cartridge fitted at the factory.", new String[] {"vinylkit", "preamp", "bookshelf"}),
            new Kind("vinylkit", "audio", "Vinyl Care Kit", 299, new String[] {"brush & fluid", "deluxe"},
                    "Carbon brush, cleaning fluid and inner sleeves.", new String[] {"turntable"}),
            new Kind("bookshelf", "audio", "Bookshelf Speakers", 4490, new String[] {"pair, walnut", "pair, white"},
                    "Passive two-way speakers that fill a room without a subwoofer.", new String[] {"turntable", "preamp"}),
            new Kind("stand", "audio", "Headphone Stand", 349, new String[] {"oak", "steel"},
                    "Keeps headphones in shape and the desk tidy.", new String[] {"headphones", "keyboard"}),
            new Kind("preamp", "audio", "Phono Preamp", 990, new String[] {"MM", "MM/MC"},
                    "Quiet, accurate RIAA equalisation in a small steel case.", new String[] {"turntable", "bookshelf"}),
            // office
            new Kind("chair", "office", "Ergonomic Chair", 4990, new String[] {"mesh back", "wool upholstery"},
                    "Adjustable lumbar support and arms, made for long days.", new String[] {"desk", "lamp"}),
            new Kind("desk", "office", "Standing Desk", 5490, new String[] {"oak top, 140 cm", "birch top, 120 cm"},
                    "An electric sit-stand desk with four memory positions.", new String[] {"chair", "monitorarm", "keyboard"}),
            new Kind("lamp", "office", "Desk Lamp", 890, new String[] {"brass", "black"},
                    "Warm, dimmable light with a long, balanced arm.", new String[] {"desk", "notebook"}),
            new Kind("keyboard", "office", "Mechanical Keyboard", 1390, new String[] {"tenkeyless", "full size"},
                    "Quiet tactile switches and a Nordic layout.", new String[] {"desk", "stand"}),
            new Kind("monitorarm", "office", "Monitor Arm", 990, new String[] {"single", "dual"},
                    "A gas-spring arm that frees the desk and fixes your posture.", new String[] {"desk"}),
            new Kind("notebook", "office", "A5 Notebook", 149, new String[] {"dotted", "lined", "plain"},
                    "Fountain-pen-friendly paper in a linen cover.", new String[] {"pen", "ink"}),
            new Kind("pen", "office", "Fountain Pen", 690, new String[] {"fine nib", "medium nib"},
                    "A steel nib that writes smoothly from the first line.", new String[] {"ink", "notebook"}),
            new Kind("ink", "office", "Bottled Ink", 179, new String[] {"blue-black", "forest green"},
                    "50 ml of well-behaved ink that dries quickly.", new String[] {"pen", "notebook"}),
            // garden
            new Kind("shears", "garden", "Pruning Shears", 399, new String[] {"bypass", "anvil"},
                    "Forged blades and a spring that lasts for seasons.", new String[] {"gloves"}),
            new Kind("raisedbed", "garden", "Raised Bed Kit", 1490, new String[] {"larch, 120 cm", "larch, 80 cm"},
                    "Untreated larch boards that slot together without tools.", new String[] {"seeds", "wateringcan", "compost"}),
            new Kind("wateringcan", "garden", "Watering Can", 349, new String[] {"galvanised, 9 l", "zinc, 5 l"},
                    "A long spout and a fine rose for seedlings.", new String[] {"seeds", "pot"}),
            new Kind("seeds", "garden", "Seed Collection", 129, new String[] {"kitchen herbs", "salad leaves", "wildflowers"},
                    "Six packets of organic seed for pots and beds.", new String[] {"pot", "raisedbed", "wateringcan"}),
            new Kind("gloves", "garden", "Garden Gloves", 199, new String[] {"leather", "nitrile"},
                    "Supple gloves with reinforced fingertips.", new String[] {"shears", "compost"}),
            new Kind("compost", "garden", "Compost Bin", 990, new String[] {"220 l", "hot composter"},
                    "Turns kitchen and garden waste into black gold.", new String[] {"gloves", "raisedbed"}),
            new Kind("pot", "garden", "Terracotta Pot", 179, new String[] {"Ø 30 cm", "Ø 20 cm", "set of three"},
                    "Frost-proof, hand-made terracotta.", new String[] {"seeds", "wateringcan"}),
            // toys
            new Kind("trainset", "toys", "Wooden Train Set", 799, new String[] {"starter", "big city"},
                    "Beech tracks, bridges and a magnetic train.", new String[] {"blocks", "picturebook"}),
            new Kind("blocks", "toys", "Building Blocks", 499, new String[] {"100 pcs", "50 pcs"},
                    "Solid, natural wooden blocks for towers and towns.", new String[] {"trainset", "plush"}),
            new Kind("boardgame", "toys", "Board Game", 449, new String[] {"Fjord Traders", "Northern Lights", "Viking Harbour"},
                    "A strategy game for two to five players, about an hour a game.", new String[] {"cardgame", "puzzle"}),
            new Kind("puzzle", "toys", "Jigsaw Puzzle", 249, new String[] {"1000 pcs, Lofoten", "500 pcs, Bergen"},
                    "Thick, snug pieces and a poster of the picture.", new String[] {"boardgame"}),
            new Kind("plush", "toys", "Plush Moose", 279, new String[] {"large", "small"},
                    "Soft, washable and ready for adventures.", new String[] {"picturebook", "blocks"}),
            new Kind("cardgame", "toys", "Card Game", 179, new String[] {"Troll Hunt", "Fish & Chips"},
                    "Quick to learn, hard to stop, fits in a pocket.", new String[] {"boardgame"}),
            // sports
            new Kind("yogamat", "sports", "Yoga Mat", 499, new String[] {"natural rubber, 4 mm", "cork, 5 mm"},
                    "Grippy, cushioned and free of PVC.", new String[] {"foamroller"}),
            new Kind("shoes", "sports", "Trail Running Shoes", 1590, new String[] {"men's", "women's"},
                    "A grippy outsole and a light, breathable upper.", new String[] {"jumprope", "bottle"}),
            new Kind("kettlebell", "sports", "Kettlebell", 549, new String[] {"12 kg", "16 kg", "8 kg"},
                    "Cast iron with a smooth, wide handle.", new String[] {"yogamat", "foamroller"}),
            new Kind("foamroller", "sports", "Foam Roller", 299, new String[] {"firm", "soft"},
                    "For sore legs after long runs and longer ski trips.", new String[] {"yogamat", "shoes"}),
            new Kind("skis", "sports", "Cross-Country Skis", 2990, new String[] {"classic", "skate"},
                    "Light, lively skis for groomed tracks.", new String[] {"skiwax", "baselayer"}),
            new Kind("skiwax", "sports", "Ski Wax Kit", 399, new String[] {"glide", "grip, cold snow"},
                    "Waxes, cork and scraper for faster, grippier skis.", new String[] {"skis"}),
            new Kind("jumprope", "sports", "Jump Rope", 199, new String[] {"speed", "weighted"},
                    "Ball-bearing handles and an adjustable cable.", new String[] {"kettlebell"}),
            // bath
            new Kind("towel", "bath", "Bath Towel", 349, new String[] {"linen, 70×140", "cotton, 70×140"},
                    "Thick, absorbent and softer with every wash.", new String[] {"soap", "bathmat"}),
            new Kind("soap", "bath", "Birch Tar Soap", 89, new String[] {"classic", "with juniper"},
                    "Hand-made soap with a smoky, fresh scent.", new String[] {"towel", "saunabucket"}),
            new Kind("bathmat", "bath", "Wool Bath Mat", 449, new String[] {"grey", "natural"},
                    "Dense felted wool that dries quickly.", new String[] {"towel"}),
            new Kind("handcream", "bath", "Hand Cream", 149, new String[] {"unscented", "sea buckthorn"},
                    "A rich cream for winter hands.", new String[] {"soap"}),
            new Kind("shampoo", "bath", "Shampoo Bar", 129, new String[] {"nettle", "oat"},
                    "A plastic-free bar that lasts for eighty washes.", new String[] {"soap", "towel"}),
            new Kind("saunabucket", "bath", "Sauna Bucket & Ladle", 599, new String[] {"aspen", "copper"},
                    "For a proper löyly, and for looking good doing it.", new String[] {"soap", "towel"}));

    /** Brand price factors: budget, middle, premium. */
    private static final double[] BRAND_FACTOR = {0.85, 1.0, 1.35};

    static String generate() {
        Random random = new Random(20261122L);
        List<Map<String, Object>> categories = new ArrayList<>();
        for (Cat c : CATS) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("name", c.name());
            m.put("colour", c.colour());
            m.put("shape", c.shape());
            m.put("blurb", c.blurb());
            categories.add(m);
        }
        List<Map<String, Object>> products = new ArrayList<>();
        for (Cat c : CATS) {
            int n = 101;
            for (Kind k : KINDS) {
                if (!k.cat().equals(c.id())) {
                    continue;
                }
                for (int b = 0; b < c.brands().length; b++) {
                    String variant = k.variants()[b % k.variants().length];
                    boolean book = c.id().equals("books");
                    if (book && b >= k.variants().length) {
                        continue; // one edition per title
                    }
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("id", c.id() + "-" + n++);
                    p.put("name", book ? variant : c.brands()[b] + " " + k.name() + ", " + variant);
                    p.put("brand", book ? c.brands()[random.nextInt(c.brands().length)] : c.brands()[b]);
                    p.put("category", c.id());
                    p.put("kind", k.id());
                    p.put("price", price(k.price() * (book ? 1.0 : BRAND_FACTOR[b]) * (0.95 + random.nextDouble() * 0.1)));
                    p.put("description", (book ? k.name() + ". " : "") + k.text() + " " + tagline(c, b, random));
                    p.put("goesWith", List.of(k.goesWith()));
                    products.add(p);
                }
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("currency", "kr");
        root.put("categories", categories);
        root.put("products", products);
        try {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            return new ObjectMapper().writer(printer).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String[] TAGLINES = {
        "Designed in Bergen, made to be repaired.",
        "Two-year guarantee, free returns.",
        "Made in small batches in Norway.",
        "Our customers' favourite for three winters running.",
        "Packed without plastic.",
        "Tested by our staff for a full season.",
    };

    private static String tagline(Cat c, int brand, Random random) {
        return TAGLINES[(brand + random.nextInt(TAGLINES.length)) % TAGLINES.length];
    }

    /** Rounds to a shop price ending in 9 (49, 99, 149, ...). */
    private static int price(double raw) {
        int step = raw < 200 ? 10 : 50;
        int p = (int) Math.round(raw / step) * step - 1;
        return Math.max(p, 29);
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(OUTPUT, generate(), StandardCharsets.UTF_8);
        System.out.println("wrote " + OUTPUT.toAbsolutePath());
    }
}
