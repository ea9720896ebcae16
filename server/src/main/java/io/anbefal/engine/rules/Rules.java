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

    @Override
    public String toString() {
        return rules.stream().map(Rule::toString).collect(Collectors.joining("; "));
    }
}
