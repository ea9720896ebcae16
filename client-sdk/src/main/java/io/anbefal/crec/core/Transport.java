package io.anbefal.crec.core;

/** The delivery's port to the network: the API's {@code update} and {@code identify} calls. */
public interface Transport {

    /** Hands one request body to the browser to send ({@code navigator.sendBeacon}): true when it took it. */
    boolean beacon(String body);

    /**
     * Sends one request body carrying the first {@code n} queued updates ({@code fetch} with {@code keepalive});
     * the outcome comes back later as {@link Delivery#sent(int, boolean)}.
     */
    void fetch(String body, int n);

    /** {@code POST identify}: joins the history of {@code alias} (the cookie's id) to {@code ssasid}. */
    void identify(String ssasid, String alias);
}
