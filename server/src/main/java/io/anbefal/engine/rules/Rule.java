package io.anbefal.engine.rules;

import java.util.List;

/**
 * One merchandising rule (syntax: {@link RuleParser}, docs/api.md "Rules"). Filters restrict the candidates before
 * top-N; exclusions leave items out; pins place items into 1-based slots after top-N.
 */
public sealed interface Rule {

    /** Only candidates for which the expression holds (a conditional filter is an {@link Expr.Implies}). */
    record Filter(Expr expr) implements Rule {
        @Override
        public String toString() {
            return expr.toString();
        }
    }

    /** Never these items (a blacklist). */
    record Exclude(List<String> items) implements Rule {
        public Exclude {
            items = List.copyOf(items);
        }

        @Override
        public String toString() {
            return "exclude " + String.join(", ", items.stream().map(Rule::quote).toList());
        }
    }

    /** This item into this slot. */
    record ItemPin(String item, int slot) implements Rule {
        @Override
        public String toString() {
            return "pin " + quote(item) + " at " + slot;
        }
    }

    /** The best candidate for which the expression holds (and that the filters allow) into this slot. */
    record FilterPin(Expr expr, int slot) implements Rule {
        @Override
        public String toString() {
            return "pin where " + expr + " at " + slot;
        }
    }

    /** When {@code context} is in the request's context (an asked item, or {@code Product.id}), {@code item} into the slot. */
    record PairPin(String context, String item, int slot) implements Rule {
        @Override
        public String toString() {
            return "pair " + quote(context) + " -> " + quote(item) + " at " + slot;
        }
    }

    private static String quote(String id) {
        return id.matches("[A-Za-z0-9_.:/+@#%~-]+") && !id.contains("->") ? id : '"' + id.replace("\"", "\"\"") + '"';
    }
}
