package io.anbefal.crec.core;

/** The updates the script writes: exposures and clicks of recommendations, and the request body around them. */
public final class Reports {

    private Reports() {
    }

    /** A RECEXPOSURE or RECCLICK update of one item from one recommender, on the web. */
    public static String report(Text text, String what, String item, String recommender, String eventId) {
        return text.fill("{\"entityIDs\":[\0],\"what\":\0,\"where\":\"web\",\"origin\":\0,\"eventId\":\0}",
                new String[] {item, what, recommender, eventId});
    }

    /** The text of a request body before its updates: {@code {"service":..,"ssasid":..,"updates":[}. */
    public static String envelope(Text text, String service, String ssasid) {
        return text.fill("{\"service\":\0,\"ssasid\":\0,\"updates\":[", new String[] {service, ssasid});
    }
}
