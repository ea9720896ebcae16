package io.anbefal.demo;

import io.anbefal.demo.Catalog.Category;
import io.anbefal.demo.Catalog.Product;

/**
 * Draws a product's picture as a small SVG: the category's colour and shape on a tinted background,
 * varied per product (angle, size, a second accent shape) so that neighbours on a shelf differ.
 */
final class ProductImages {

    private ProductImages() {
    }

    /** The SVG document for a product. */
    static String svg(Product p, Category c) {
        int h = Math.abs(p.id().hashCode());
        // products of one kind share a hue shift, so a shelf of one category still shows its different things
        String colour = shiftHue(c.colour(), (Math.abs(p.kind().hashCode()) % 7 - 3) * 12);
        int angle = (h % 9 - 4) * 6;
        double scale = 0.85 + (h / 9 % 5) * 0.05;
        int accentX = 40 + (h / 45 % 5) * 30;
        String tint = mix(colour, 0.86);
        String dark = mix(colour, -0.35);
        String accent = mix(colour, 0.45);
        StringBuilder s = new StringBuilder(900);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 200\" width=\"400\" height=\"400\" role=\"img\" aria-label=\"")
                .append(Html.escape(p.name())).append("\">");
        s.append("<rect width=\"200\" height=\"200\" fill=\"").append(tint).append("\"/>");
        s.append("<circle cx=\"").append(accentX).append("\" cy=\"172\" r=\"52\" fill=\"").append(accent).append("\" opacity=\"0.35\"/>");
        s.append("<g transform=\"translate(100 92) rotate(").append(angle).append(") scale(").append(scale).append(")\" fill=\"")
                .append(colour).append("\" stroke=\"").append(dark).append("\" stroke-width=\"3\" stroke-linejoin=\"round\">");
        s.append(shape(c.shape()));
        s.append("</g>");
        s.append("<text x=\"100\" y=\"186\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"12\" letter-spacing=\"1\" fill=\"")
                .append(dark).append("\">").append(Html.escape(label(p))).append("</text>");
        s.append("</svg>");
        return s.toString();
    }

    private static String label(Product p) {
        String b = p.brand();
        return b.length() > 22 ? b.substring(0, 22) : b;
    }

    /** Shapes centred on 0,0, about 120 units wide. */
    private static String shape(String name) {
        return switch (name) {
            case "circle" -> "<circle r=\"55\"/><circle r=\"22\" fill=\"#fff\" opacity=\"0.5\"/>";
            case "cup" -> "<path d=\"M-45 -40 H35 V20 a30 30 0 0 1 -30 30 H-15 a30 30 0 0 1 -30 -30 Z\"/>"
                    + "<path d=\"M35 -25 h12 a15 15 0 0 1 0 30 h-12\" fill=\"none\"/>";
            case "triangle" -> "<path d=\"M0 -58 L60 45 H-60 Z\"/><path d=\"M0 -10 L22 45 H-22 Z\" fill=\"#fff\" opacity=\"0.45\"/>";
            case "book" -> "<rect x=\"-45\" y=\"-55\" width=\"90\" height=\"110\" rx=\"6\"/>"
                    + "<rect x=\"-30\" y=\"-35\" width=\"60\" height=\"12\" fill=\"#fff\" opacity=\"0.6\"/>";
            case "wave" -> "<rect x=\"-55\" y=\"-55\" width=\"110\" height=\"110\" rx=\"22\"/>"
                    + "<path d=\"M-40 0 q10 -30 20 0 t20 0 t20 0 t20 0\" fill=\"none\" stroke=\"#fff\" stroke-width=\"6\"/>";
            case "square" -> "<rect x=\"-50\" y=\"-50\" width=\"100\" height=\"100\" rx=\"10\"/>"
                    + "<rect x=\"-30\" y=\"-30\" width=\"60\" height=\"40\" fill=\"#fff\" opacity=\"0.5\"/>";
            case "leaf" -> "<path d=\"M0 -60 C55 -30 55 30 0 60 C-55 30 -55 -30 0 -60 Z\"/>"
                    + "<path d=\"M0 -50 V55\" fill=\"none\" stroke=\"#fff\" stroke-width=\"4\" opacity=\"0.7\"/>";
            case "star" -> "<path d=\"M0 -60 L16 -18 L58 -18 L24 8 L36 52 L0 26 L-36 52 L-24 8 L-58 -18 L-16 -18 Z\"/>";
            case "hexagon" -> "<path d=\"M0 -58 L50 -29 V29 L0 58 L-50 29 V-29 Z\"/><circle r=\"18\" fill=\"#fff\" opacity=\"0.5\"/>";
            case "drop" -> "<path d=\"M0 -60 C30 -20 45 5 45 22 a45 45 0 0 1 -90 0 C-45 5 -30 -20 0 -60 Z\"/>";
            default -> "<circle r=\"50\"/>";
        };
    }

    /** Rotates the hue of a #rrggbb colour by some degrees (the matrix of CSS's hue-rotate filter). */
    static String shiftHue(String hex, int degrees) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        double r = (rgb >> 16) & 0xff;
        double g = (rgb >> 8) & 0xff;
        double b = rgb & 0xff;
        double cos = Math.cos(Math.toRadians(degrees));
        double sin = Math.sin(Math.toRadians(degrees));
        double[] out = {
            r * (0.213 + cos * 0.787 - sin * 0.213) + g * (0.715 - cos * 0.715 - sin * 0.715) + b * (0.072 - cos * 0.072 + sin * 0.928),
            r * (0.213 - cos * 0.213 + sin * 0.143) + g * (0.715 + cos * 0.285 + sin * 0.140) + b * (0.072 - cos * 0.072 - sin * 0.283),
            r * (0.213 - cos * 0.213 - sin * 0.787) + g * (0.715 - cos * 0.715 + sin * 0.715) + b * (0.072 + cos * 0.928 + sin * 0.072),
        };
        StringBuilder s = new StringBuilder("#");
        for (double v : out) {
            String h = Integer.toHexString((int) Math.max(0, Math.min(255, Math.round(v))));
            s.append(h.length() == 1 ? "0" + h : h);
        }
        return s.toString();
    }

    /** Mixes a #rrggbb colour towards white (f &gt; 0) or black (f &lt; 0). */
    static String mix(String hex, double f) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        StringBuilder out = new StringBuilder("#");
        for (int shift = 16; shift >= 0; shift -= 8) {
            int c = (rgb >> shift) & 0xff;
            int m = f >= 0 ? (int) Math.round(c + (255 - c) * f) : (int) Math.round(c * (1 + f));
            String h = Integer.toHexString(Math.max(0, Math.min(255, m)));
            out.append(h.length() == 1 ? "0" + h : h);
        }
        return out.toString();
    }
}
