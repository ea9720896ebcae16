package io.anbefal.crec.core;

/** The updates the script writes: exposures and clicks of recommendations, and the request body around them. */
public final class Reports {

    private Reports() {
    }

    /** A RECEXPOSURE or RECCLICK update of one item from one recommender, on the web. */
    public static String report(Text text, String what, String item, String recommender, String eventId) {
        return text.join("{", new String[] {"\"entityIDs\":[" , text.quote(item), "],\"what\":", text.quote(what),
                ",\"where\":\"web\",\"origin\":", text.quote(recommender), ",\"eventId\":", text.quote(eventId)}, 8, "", "}");
    }

    /** The text of a request body before its updates: {@code {"service":..,"ssasid":..,"updates":[}. */
    public static String envelope(Text text, String service, String ssasid) {
        return text.join("{\"service\":", new String[] {text.quote(service), ",\"ssasid\":", text.quote(ssasid)}, 3, "",
                ",\"updates\":[");
    }
}
