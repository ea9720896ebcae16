package io.anbefal.app;

import io.anbefal.store.Limits;

import java.util.List;

/**
 * Checks strings against the store's {@link Limits} before they reach it: a value over its limit is a
 * {@link AnbefalException.Kind#BAD_INPUT} problem naming the field, never a database error.
 */
public final class Lengths {

    private Lengths() {
    }

    /** The message for a value over its limit. */
    public static String tooLong(String at, int limit) {
        return at + " is longer than " + limit + " characters";
    }

    /** Whether a list of ids fits a JSON column of {@link Limits#ID_LIST_JSON} characters as the store writes it. */
    public static boolean fitsAsJson(List<String> ids) {
        return Limits.jsonLength(ids) <= Limits.ID_LIST_JSON;
    }

    /** The message for a list of ids over {@link Limits#ID_LIST_JSON} characters as stored. */
    public static String tooLongAsJson(String at) {
        return at + " is longer than " + Limits.ID_LIST_JSON + " characters in all, as stored (a JSON array)";
    }

    /** Throws the problem when {@code value} (null fits) is longer than {@code limit}; returns the value. */
    public static String check(String at, String value, int limit) {
        if (value != null && value.length() > limit) {
            throw AnbefalException.badInput(tooLong(at, limit));
        }
        return value;
    }

    /** Throws the problem when a list of ids does not fit its JSON column. */
    public static List<String> checkJson(String at, List<String> ids) {
        if (!fitsAsJson(ids)) {
            throw AnbefalException.badInput(tooLongAsJson(at));
        }
        return ids;
    }
}
