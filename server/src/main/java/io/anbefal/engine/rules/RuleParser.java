package io.anbefal.engine.rules;

import io.anbefal.engine.rules.RuleLexer.Kind;
import io.anbefal.engine.rules.RuleLexer.Token;

import java.util.ArrayList;
import java.util.List;

/**
 * The one rule syntax (docs/api.md, "Rules"). Rules are separated by {@code ;} or new lines:
 * <pre>
 * rule   := 'exclude' id (',' id)*            a blacklist
 *         | 'pin' id 'at' slot               an item pin
 *         | 'pin' 'where' expr 'at' slot     a filter pin
 *         | 'pair' id '->' id ['at' slot]    a pair pin (slot 1 when not given)
 *         | ['filter'] expr                  a filter; 'A implies B' is a conditional filter
 * expr   := or ['implies' or]
 * or     := and ('or' and)*        and := unary ('and' unary)*      unary := 'not' unary | '(' expr ')' | term
 * term   := attr op value | attr ['not'] 'in' '(' value (',' value)* ')' | attr 'between' value 'and' value
 *         | attr 'exists' | attr                (a bare attribute: attr = true)
 * op     := '=' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
 * value  := number | ISO date | "quoted" | 'quoted' | word | Request.x / User.x / Product.x (the context's value)
 * </pre>
 * Keywords are case-insensitive. Errors are {@link RuleSyntaxException}s naming the rule and the column.
 */
public final class RuleParser {

    private final List<Token> tokens;
    private final String rule;
    private int pos;

    private RuleParser(String rule) {
        this.rule = rule;
        this.tokens = RuleLexer.tokens(rule, rule);
    }

    static String problem(String rule, String what) {
        return "rule '" + rule + "' is invalid: " + what;
    }

    /** Every rule of a text. */
    static List<Rule> parseAll(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String line : text.split("[;\\n]")) {
            if (!line.isBlank()) {
                rules.add(parse(line.trim()));
            }
        }
        return rules;
    }

    /** One rule. */
    public static Rule parse(String rule) {
        RuleParser p = new RuleParser(rule);
        Rule r = p.rule();
        p.expectEnd();
        return r;
    }

    /** One expression (a filter without the word {@code filter}). */
    public static Expr parseExpr(String expression) {
        RuleParser p = new RuleParser(expression);
        Expr e = p.expr();
        p.expectEnd();
        return e;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private RuleSyntaxException error(String expected) {
        Token t = peek();
        return new RuleSyntaxException(problem(rule, "expected " + expected + " but found " + t.show()
                + " at column " + (t.at() + 1)));
    }

    private void expectEnd() {
        if (peek().kind() != Kind.END) {
            throw error("the end of the rule (or 'and', 'or', 'implies')");
        }
    }

    private Rule rule() {
        Token t = peek();
        if (t.is("exclude")) {
            pos++;
            List<String> ids = new ArrayList<>();
            ids.add(id());
            while (peek().punct(",")) {
                pos++;
                ids.add(id());
            }
            return new Rule.Exclude(ids);
        }
        if (t.is("pin")) {
            pos++;
            if (peek().is("where")) {
                pos++;
                Expr e = expr();
                return new Rule.FilterPin(e, slot(true));
            }
            String id = id();
            return new Rule.ItemPin(id, slot(true));
        }
        if (t.is("pair")) {
            pos++;
            String context = id();
            if (!peek().punct("->")) {
                throw error("'->' and the item to recommend");
            }
            pos++;
            String item = id();
            return new Rule.PairPin(context, item, peek().is("at") ? slot(true) : 1);
        }
        if (t.is("filter")) {
            pos++;
        }
        return new Rule.Filter(expr());
    }

    private int slot(boolean required) {
        if (!peek().is("at")) {
            throw error("'at' and a slot number");
        }
        pos++;
        Token t = peek();
        if (t.kind() == Kind.WORD && t.text().matches("[0-9]{1,4}") && Integer.parseInt(t.text()) >= 1) {
            pos++;
            return Integer.parseInt(t.text());
        }
        throw error("a slot number from 1");
    }

    private String id() {
        Token t = peek();
        if (t.kind() == Kind.WORD || t.kind() == Kind.STRING) {
            pos++;
            return t.text();
        }
        throw error("an item id");
    }

    Expr expr() {
        Expr left = or();
        if (peek().is("implies")) {
            pos++;
            return new Expr.Implies(left, or());
        }
        return left;
    }

    private Expr or() {
        List<Expr> any = new ArrayList<>(List.of(and()));
        while (peek().is("or")) {
            pos++;
            any.add(and());
        }
        return any.size() == 1 ? any.getFirst() : new Expr.Or(any);
    }

    private Expr and() {
        List<Expr> all = new ArrayList<>(List.of(unary()));
        while (peek().is("and")) {
            pos++;
            all.add(unary());
        }
        return all.size() == 1 ? all.getFirst() : new Expr.And(all);
    }

    private Expr unary() {
        if (peek().is("not")) {
            pos++;
            return new Expr.Not(unary());
        }
        if (peek().punct("(")) {
            pos++;
            Expr e = expr();
            if (!peek().punct(")")) {
                throw error("')'");
            }
            pos++;
            return e;
        }
        return term();
    }

    private Expr term() {
        Ref ref = ref();
        Token t = peek();
        if (t.kind() == Kind.OP) {
            pos++;
            Expr.Op op = switch (t.text()) {
                case "=" -> Expr.Op.EQ;
                case "!=" -> Expr.Op.NE;
                case "<" -> Expr.Op.LT;
                case "<=" -> Expr.Op.LE;
                case ">" -> Expr.Op.GT;
                default -> Expr.Op.GE;
            };
            return new Expr.Compare(ref, op, value("a value after '" + t.text() + "'"));
        }
        if (t.is("not") && tokens.get(pos + 1).is("in")) {
            pos++;
            return new Expr.Not(in(ref));
        }
        if (t.is("in")) {
            return in(ref);
        }
        if (t.is("between")) {
            pos++;
            Value low = value("the low end of 'between'");
            if (!peek().is("and")) {
                throw error("'and' and the high end of 'between'");
            }
            pos++;
            return new Expr.Between(ref, low, value("the high end of 'between'"));
        }
        if (t.is("exists")) {
            pos++;
            return new Expr.Exists(ref);
        }
        return new Expr.Compare(ref, Expr.Op.EQ, Value.Literal.of("true"));
    }

    private Expr in(Ref ref) {
        pos++; // in
        if (!peek().punct("(")) {
            throw error("'(' and a list of values after 'in'");
        }
        pos++;
        List<Value> values = new ArrayList<>(List.of(value("a value in the list")));
        while (peek().punct(",")) {
            pos++;
            values.add(value("a value in the list"));
        }
        if (!peek().punct(")")) {
            throw error("',' or ')' in the list");
        }
        pos++;
        return new Expr.In(ref, values);
    }

    private Ref ref() {
        Token t = peek();
        if (t.kind() != Kind.WORD || isKeyword(t) || !Character.isLetter(t.text().charAt(0)) && t.text().charAt(0) != '_') {
            throw error("an attribute name");
        }
        pos++;
        return ref(t.text());
    }

    private static Ref ref(String word) {
        int dot = word.indexOf('.');
        if (dot > 0 && dot < word.length() - 1) {
            String entity = Ref.entity(word.substring(0, dot));
            if (entity != null) {
                return new Ref(entity.equals("Item") ? null : entity, word.substring(dot + 1));
            }
        }
        return new Ref(null, word);
    }

    private Value value(String expected) {
        Token t = peek();
        if (t.kind() == Kind.STRING) {
            pos++;
            return new Value.Literal(t.text(), null, true);
        }
        if (t.kind() == Kind.WORD && !isKeyword(t)) {
            pos++;
            int dot = t.text().indexOf('.');
            if (dot > 0 && Character.isLetter(t.text().charAt(0))) {
                Ref r = ref(t.text());
                if (r.isContext()) {
                    return new Value.ContextRef(r);
                }
            }
            return Value.Literal.of(t.text());
        }
        throw error(expected);
    }

    private static boolean isKeyword(Token t) {
        for (String k : new String[] {"and", "or", "not", "implies", "in", "between", "exists", "at", "where"}) {
            if (t.is(k)) {
                return true;
            }
        }
        return false;
    }
}
