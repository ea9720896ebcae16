package io.anbefal;

import io.anbefal.app.Anbefal;
import io.helidon.webserver.http.HttpRouting;

import java.nio.file.Path;

/**
 * The demo a node may serve beside its API: a shop on the node's shop listener, and the demo service, created
 * and seeded on the first start of an empty data directory. The node knows no shop: it takes the demo the class
 * path supplies ({@link java.util.ServiceLoader}, {@code META-INF/services/io.anbefal.Demo}: this module supplies
 * the demo-site module's shop), and opens no shop listener when there is none.
 */
public interface Demo {

    /** The service the demo creates. */
    String SERVICE = "demo";
    /** Where the demo service's generated credentials are written, in the data directory. */
    String CREDENTIALS = "demo-credentials.txt";

    /** The shop listener's routing; {@code apiPort} is where the browser finds the API. */
    void shop(HttpRouting.Builder routing, Anbefal anbefal, int apiPort);

    /**
     * Creates the demo service, writes its credentials to {@link #CREDENTIALS} in {@code dataDir}, and seeds it.
     *
     * @param shopPort the shop listener's port (its origins are the service's), or -1 when there is none
     */
    void create(Anbefal anbefal, Path dataDir, int shopPort);
}
