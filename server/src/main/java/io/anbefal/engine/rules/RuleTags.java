package io.anbefal.engine.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Sannsyn {@code tags} convention for rules (docs/api.md, "Rules"): a tag {@code filter:EXPR} is a filter
 * ({@code filter:price<10}), {@code rule:RULE} any rule ({@code rule:pin P7 at 1}, {@code rule:exclude P1,P2}),
 * and {@code ctx:Entity.name=value} a value of the request context ({@code ctx:Request.luxury=true}; repeated, a
 * multi-valued attribute). Other tags are left alone.
 */
public final class RuleTags {

    public static final String FILTER = "filter:";
    public static final String RULE = "rule:";
    public static final String CONTEXT = "ctx:";

    private RuleTags() {
    }

    /** Whether any tag carries rules or context (so that requests without them cost nothing). */
    public static boolean any(List<String> tags) {
        for (String t : tags) {
            if (t.startsWith(FILTER) || t.startsWith(RULE) || t.startsWith(CONTEXT)) {
                return true;
            }
        }
        return false;
    }

    /** The rules of the tags, in order. */
    public static Rules rules(List<String> tags) {
        List<Rule> rules = new ArrayList<>();
        for (String t : tags) {
            if (t.startsWith(FILTER)) {
                rules.add(new Rule.Filter(RuleParser.parseExpr(t.substring(FILTER.length()))));
            } else if (t.startsWith(RULE)) {
                rules.addAll(RuleParser.parseAll(t.substring(RULE.length())));
            }
        }
        return new Rules(rules);
    }

    /** The request context of the tags. */
    public static RuleContext context(List<String> tags) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String t : tags) {
            if (t.startsWith(CONTEXT)) {
                String binding = t.substring(CONTEXT.length());
                int eq = binding.indexOf('=');
                if (eq <= 0) {
                    throw new RuleSyntaxException("tag '" + t + "' is invalid: expected ctx:Entity.name=value");
                }
                try {
                    values.computeIfAbsent(RuleContext.key(binding.substring(0, eq).trim()), k -> new ArrayList<>())
                            .add(binding.substring(eq + 1));
                } catch (RuleSyntaxException e) {
                    throw new RuleSyntaxException("tag '" + t + "' is invalid: " + e.getMessage());
                }
            }
        }
        return values.isEmpty() ? RuleContext.EMPTY : new RuleContext(values);
    }
}
