package io.anbefal.engine.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An ordered set of rules: what a recommender instance is configured with, what a request adds. Equal rule sets
 * are equal records (a cache of answers must key on them); {@link #toString} is the canonical text, which parses
 * back to an equal set.
 */
public record Rules(List<Rule> rules) {

    public static final Rules NONE = new Rules(List.of());

    public Rules {
        rules = List.copyOf(rules);
    }

    /** Parses rules separated by {@code ;} or new lines (see {@link RuleParser}); blank or null is {@link #NONE}. */
    public static Rules parse(String text) {
        return text == null || text.isBlank() ? NONE : new Rules(RuleParser.parseAll(text));
    }

    /**
     * The problem of a setting whose value is rules ({@code recommender.NAME.rules}, a Kibo widget's, ...):
     * {@code setting KEY: } and the parser's message with its position, or null when they parse.
     */
    public static String settingProblem(String key, String value) {
        try {
            parse(value);
            return null;
        } catch (RuleSyntaxException e) {
            return "setting " + key + ": " + e.getMessage();
        }
    }

    /** One filter expression (a Sannsyn {@code filter:} tag, a Miso {@code fq} translated). */
    public static Rules filter(String expression) {
        return new Rules(List.of(new Rule.Filter(RuleParser.parseExpr(expression))));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** These rules, then {@code other}'s. */
    public Rules and(Rules other) {
        if (other == null || other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(other.rules);
        return new Rules(all);
    }

    /** The rules of one kind, in order. */
    public <R extends Rule> List<R> of(Class<R> kind) {
        return rules.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /**
     * The context entities ({@code Request}, {@code User}, {@code Product}) the filters and filter pins read: a
     * compiled filter depends on the request context only through them.
     */
    public java.util.Set<String> contextEntities() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Rule r : rules) {
            if (r instanceof Rule.Filter f) {
                entities(f.expr(), out);
            } else if (r instanceof Rule.FilterPin p) {
                entities(p.expr(), out);
            }
        }
        return out;
    }

    private static void entities(Expr e, java.util.Set<String> out) {
        switch (e) {
            case Expr.And a -> a.all().forEach(x -> entities(x, out));
            case Expr.Or o -> o.any().forEach(x -> entities(x, out));
            case Expr.Not n -> entities(n.inner(), out);
            case Expr.Implies i -> {
                entities(i.antecedent(), out);
                entities(i.consequent(), out);
            }
            case Expr.Exists x -> ref(x.attribute(), out);
            case Expr.Compare c -> {
                ref(c.attribute(), out);
                value(c.value(), out);
            }
            case Expr.In in -> {
                ref(in.attribute(), out);
                in.values().forEach(v -> value(v, out));
            }
            case Expr.Between b -> {
                ref(b.attribute(), out);
                value(b.low(), out);
                value(b.high(), out);
            }
        }
    }

    private static void ref(Ref r, java.util.Set<String> out) {
        if (r.isContext()) {
            out.add(r.entity());
        }
    }

    private static void value(Value v, java.util.Set<String> out) {
        if (v instanceof Value.ContextRef c) {
            ref(c.ref(), out);
        }
    }

    @Override
    public String toString() {
        return rules.stream().map(Rule::toString).collect(Collectors.joining("; "));
    }
}
