package io.anbefal.engine.rules;

import java.util.ArrayList;
import java.util.List;

/** Splits a rule text into tokens: words, quoted strings, operators and punctuation; positions for the errors. */
final class RuleLexer {

    enum Kind { WORD, STRING, OP, PUNCT, END }

    record Token(Kind kind, String text, int at) {
        boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean punct(String p) {
            return (kind == Kind.PUNCT || kind == Kind.OP) && text.equals(p);
        }

        String show() {
            return kind == Kind.END ? "the end" : "'" + text + "'";
        }
    }

    private RuleLexer() {
    }

    static List<Token> tokens(String text, String rule) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder s = new StringBuilder();
                int start = i++;
                while (true) {
                    if (i >= n) {
                        throw new RuleSyntaxException(RuleParser.problem(rule, "unterminated string starting at column "
                                + (start + 1)));
                    }
                    char d = text.charAt(i);
                    if (d == c) {
                        if (i + 1 < n && text.charAt(i + 1) == c) {
                            s.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    s.append(d);
                    i++;
                }
                out.add(new Token(Kind.STRING, s.toString(), start));
            } else if (text.startsWith("->", i) || text.startsWith("<=", i) || text.startsWith(">=", i)
                    || text.startsWith("!=", i) || text.startsWith("<>", i) || text.startsWith("==", i)) {
                String op = text.substring(i, i + 2);
                out.add(new Token(op.equals("->") ? Kind.PUNCT : Kind.OP,
                        op.equals("<>") ? "!=" : op.equals("==") ? "=" : op, i));
                i += 2;
            } else if (c == '<' || c == '>' || c == '=') {
                out.add(new Token(Kind.OP, String.valueOf(c), i++));
            } else if (c == '(' || c == ')' || c == ',' || c == '[' || c == ']') {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), i++));
            } else if (word(c)) {
                int start = i;
                while (i < n && word(text.charAt(i)) && !text.startsWith("->", i)) {
                    i++;
                }
                out.add(new Token(Kind.WORD, text.substring(start, i), start));
            } else {
                throw new RuleSyntaxException(RuleParser.problem(rule, "unexpected '" + c + "' at column " + (i + 1)));
            }
        }
        out.add(new Token(Kind.END, "", n));
        return out;
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || "_.-:/+@#%~$&?*".indexOf(c) >= 0;
    }
}
