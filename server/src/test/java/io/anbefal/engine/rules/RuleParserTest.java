package io.anbefal.engine.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleParserTest {

    @Test
    void everyKindOfRuleParses() {
        Rules r = Rules.parse("""
                price < 10
                filter brand in (Acme, "Big Co") and not colour = red
                Request.Luxury=true implies price > 200
                exclude P1, "P 2"
                pin P7 at 1; pin where brand = Acme at 3
                pair P1 -> "http://shop/p/9" at 2
                pair P1->P3
                """);
        assertEquals(8, r.rules().size());
        Rule.Filter f = assertInstanceOf(Rule.Filter.class, r.rules().get(0));
        assertEquals(new Expr.Compare(new Ref(null, "price"), Expr.Op.LT, Value.Literal.of("10")), f.expr());
        Expr.Implies imp = assertInstanceOf(Expr.Implies.class, ((Rule.Filter) r.rules().get(2)).expr());
        assertEquals(new Ref("Request", "Luxury"), ((Expr.Compare) imp.antecedent()).attribute());
        assertEquals(new Rule.Exclude(List.of("P1", "P 2")), r.rules().get(3));
        assertEquals(new Rule.ItemPin("P7", 1), r.rules().get(4));
        assertEquals(3, ((Rule.FilterPin) r.rules().get(5)).slot());
        assertEquals(new Rule.PairPin("P1", "http://shop/p/9", 2), r.rules().get(6));
        assertEquals(new Rule.PairPin("P1", "P3", 1), r.rules().get(7));
    }

    @Test
    void theCanonicalTextParsesBackToEqualRules() {
        Rules r = Rules.parse("a = 1 and (b != \"x y\" or c between 2026-01-01 and 2026-12-31); not d exists;"
                + " e not in (1, 2); User.state = Product.state; exclude \"q \"\"r\"\"\", s; pin where f >= 3 at 2;"
                + " pair x -> y at 4; g <= 'it''s'");
        assertEquals(r, Rules.parse(r.toString()));
        assertEquals(r.toString(), Rules.parse(r.toString()).toString());
    }

    @Test
    void precedenceIsNotThenAndThenOrThenImplies() {
        Expr e = RuleParser.parseExpr("not a = 1 and b = 2 or c = 3 implies d = 4");
        Expr.Implies imp = assertInstanceOf(Expr.Implies.class, e);
        Expr.Or or = assertInstanceOf(Expr.Or.class, imp.antecedent());
        Expr.And and = assertInstanceOf(Expr.And.class, or.any().getFirst());
        assertInstanceOf(Expr.Not.class, and.all().getFirst());
    }

    @Test
    void namesAndValues() {
        Expr.Compare c = (Expr.Compare) RuleParser.parseExpr("Item.custom_attributes.color = Context.color");
        assertEquals(new Ref(null, "custom_attributes.color"), c.attribute());
        assertEquals(new Value.ContextRef(new Ref("Product", "color")), c.value());
        Value.Literal date = (Value.Literal) ((Expr.Compare) RuleParser.parseExpr("released >= 2026-12-01")).value();
        assertEquals(1_796_083_200_000.0, date.number());
        Value.Literal quoted = (Value.Literal) ((Expr.Compare) RuleParser.parseExpr("sku = \"10\"")).value();
        assertEquals(null, quoted.number());
        assertEquals(Expr.Op.NE, ((Expr.Compare) RuleParser.parseExpr("a <> 1")).op());
        assertInstanceOf(Expr.Compare.class, RuleParser.parseExpr("IN_STOCK"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "price <|expected a value after '<' but found the end at column 8",
        "price << 10|expected a value after '<' but found '<' at column 8",
        "< 10|expected an attribute name but found '<' at column 1",
        "price < 10 10|expected the end of the rule",
        "(price < 10|expected ')' but found the end",
        "brand in Acme|expected '(' and a list of values after 'in'",
        "brand in (a b)|expected ',' or ')' in the list but found 'b'",
        "price between 1|expected 'and' and the high end of 'between'",
        "pin P7|expected 'at' and a slot number",
        "pin P7 at 0|expected a slot number from 1 but found '0'",
        "pin where at 2|expected an attribute name but found 'at'",
        "pair P1 P2|expected '->' and the item to recommend",
        "exclude|expected an item id but found the end",
        "brand = \"Acme|unterminated string starting at column 9",
        "price ! 10|unexpected '!' at column 7",
        "and = 1|expected an attribute name but found 'and'"})
    void errorsNameTheRuleAndWhatIsWrongWhere(String rule, String problem) {
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class, () -> Rules.parse(rule));
        assertTrue(e.getMessage().startsWith("rule '" + rule + "' is invalid: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", ";;", "\n"})
    void blankIsNoRules(String text) {
        assertTrue(Rules.parse(text).isEmpty());
    }

    @Test
    void tagsAndContext() {
        List<String> tags = List.of("userid:u", "filter:price<10", "rule:pin P1 at 2; exclude P3", "ctx:Request.luxury=true",
                "ctx:product.COLOR=red", "ctx:Product.color=blue");
        assertTrue(RuleTags.any(tags));
        assertEquals(3, RuleTags.rules(tags).rules().size());
        RuleContext ctx = RuleTags.context(tags);
        assertEquals(List.of("red", "blue"), ctx.get(new Ref("Product", "Color")));
        assertEquals(List.of("true"), ctx.get(new Ref("Request", "LUXURY")));
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class, () -> RuleTags.context(List.of("ctx:nope")));
        assertTrue(e.getMessage().contains("ctx:nope"), e.getMessage());
        assertThrows(RuleSyntaxException.class, () -> RuleTags.context(List.of("ctx:Shop.x=1")));
    }
}
