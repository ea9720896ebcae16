package io.anbefal.crec.core;

/**
 * The viewability state of one recommendation element in one page view: exposed once it has been eligible
 * (at least half of it on screen, or for an element larger than the viewport at least half of the viewport
 * covered, while the page is visible) for one continuous second. Leaving that state restarts the clock.
 * Times are milliseconds from any clock (the browser's {@code performance.now()}, or a test's).
 */
public final class Exposure {

    /** How long an element must stay eligible. */
    public static final double DWELL = 1000;

    private double since = -1;
    private boolean done;

    /** Whether the element counts as on screen: half of it in view, or half of the viewport covered by it. */
    public static boolean eligible(double visibleRatio, double viewportCovered, boolean pageVisible) {
        return pageVisible && (visibleRatio >= 0.5 || viewportCovered >= 0.5);
    }

    /**
     * Feeds what is true now; returns true exactly once, at the first moment the element has been eligible for
     * {@link #DWELL} without a break.
     */
    public boolean update(boolean eligible, double now) {
        if (done) {
            return false;
        }
        if (!eligible) {
            since = -1;
            return false;
        }
        if (since < 0) {
            since = now;
        }
        if (now - since >= DWELL) {
            done = true;
            return true;
        }
        return false;
    }

    /** Milliseconds until the element would be exposed if it stays eligible; negative when not counting. */
    public double remaining(double now) {
        if (done || since < 0) {
            return -1;
        }
        double left = DWELL - (now - since);
        return left > 0 ? left : 0;
    }

    /** Marks the element exposed without waiting (a click on it counts as an exposure). */
    public boolean force() {
        boolean first = !done;
        done = true;
        return first;
    }
}
