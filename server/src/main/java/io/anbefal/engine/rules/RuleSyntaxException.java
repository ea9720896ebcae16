package io.anbefal.engine.rules;

/** A rule text that does not parse; the message names the rule and what is wrong where (answered as a 4xx). */
public final class RuleSyntaxException extends IllegalArgumentException {

    public RuleSyntaxException(String message) {
        super(message);
    }
}
