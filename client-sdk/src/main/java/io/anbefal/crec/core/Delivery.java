package io.anbefal.crec.core;

/**
 * The script's delivery and consent state: the visitor id it keeps, the queue of updates (in {@link Outbox},
 * saved to {@link Storage} after every change, so that it survives a navigation or a crash), when it is sent and
 * how, and what opting out and consent allow. Its platform is behind three ports ({@link Storage},
 * {@link Transport}, {@link Timer}), the browser's in the script and fakes in the tests.
 * <ul>
 * <li>Before consent (a service with {@code crec.consent=true}) nothing is stored or sent, and the saved queue
 *     is not read; given, the id is kept and what was queued meanwhile is saved and sent. Withdrawn, it waits
 *     again (what is queued stays, unsent).</li>
 * <li>Opted out, nothing is queued, the queue is forgotten and nothing is saved or sent, until opted in.</li>
 * <li>A flush sends the queue in batches under {@link #BATCH} characters, each as a beacon, or, where the beacon
 *     is refused, as one fetch at a time: while a fetch is in flight nothing else is sent. Updates leave the
 *     queue only once a beacon was taken or a fetch answered OK; a failed fetch leaves them queued for the next
 *     flush (the server counts an update re-sent with its eventId once). There is no retry timer: the next flush
 *     comes with the next update, a click, the page being hidden, or a {@code flush} command.</li>
 * </ul>
 */
public final class Delivery {

    /** Characters per request body: well under the ~64 KB that keep-alive requests share. */
    public static final int BATCH = 60_000;
    /** Updates kept at most; the oldest go first. */
    public static final int CAPACITY = 300;
    /** Milliseconds from a queued update to the flush that sends it, unless something flushes sooner. */
    public static final double DELAY = 3000;

    /** The storage keys: the saved queue, the opt-out and consent flags ("1"), the visitor id. */
    public static final String QUEUE = "sannsyn.q";
    public static final String OPTOUT = "sannsyn.optout";
    public static final String CONSENT = "sannsyn.consent";
    public static final String SSASID = "ssasid";

    private final Text text;
    private final Storage storage;
    private final Transport transport;
    private final Timer timer;
    private final String service;
    private final String cookie;
    private final boolean consentRequired;
    private final Outbox outbox;
    private String ssasid;
    private boolean waiting;
    private boolean optedOut;
    private boolean inFlight;
    private boolean flushQueued;

    /**
     * @param cookie          the visitor id of the server's {@code ssasid} cookie
     * @param consentRequired whether the service waits for consent before anything is stored or sent
     */
    public Delivery(Text text, Storage storage, Transport transport, Timer timer, String service, String cookie,
                    boolean consentRequired) {
        this.text = text;
        this.storage = storage;
        this.transport = transport;
        this.timer = timer;
        this.service = service;
        this.cookie = cookie;
        this.consentRequired = consentRequired;
        this.outbox = new Outbox(text, CAPACITY);
        this.ssasid = cookie;
    }

    /** Reads the stored flags, the visitor id and, unless waiting for consent or opted out, the saved queue. */
    public void start() {
        optedOut = "1".equals(storage.get(OPTOUT));
        waiting = consentRequired && !"1".equals(storage.get(CONSENT));
        identify();
        if (!waiting && !optedOut) {
            outbox.load(storage.get(QUEUE));
        }
        if (outbox.size() > 0) {
            later();
        }
    }

    /** The visitor id the updates carry: the stored one once there is one, else the cookie's. */
    public String ssasid() {
        return ssasid;
    }

    /** The number of updates queued. */
    public int queued() {
        return outbox.size();
    }

    /**
     * Keeps the stored id when there is one (and has the cookie's id joined to it), else stores the cookie's; a
     * stored id that the server would refuse (not a visitor id) is replaced likewise. Before consent nothing is stored.
     */
    private void identify() {
        if (waiting) {
            return;
        }
        String stored = storage.get(SSASID);
        if (stored == null || !text.visitorId(stored)) {
            storage.set(SSASID, cookie);
            stored = cookie;
        }
        ssasid = stored;
        if (!stored.equals(cookie)) {
            transport.identify(stored, cookie);
        }
    }

    /** Queues an update (one JSON object, no line breaks) and saves the queue; false when opted out. */
    public boolean add(String json) {
        if (optedOut || json == null) {
            return false;
        }
        outbox.add(json);
        save();
        later();
        return true;
    }

    /** Sends what is queued, as far as consent, opting out and a fetch in flight allow. */
    public void flush() {
        flushQueued = false;
        String envelope = Reports.envelope(text, service, ssasid);
        while (!waiting && !optedOut && !inFlight && outbox.size() > 0) {
            int n = outbox.fitting(envelope, BATCH);
            String body = outbox.body(envelope, n);
            if (transport.beacon(body)) {
                outbox.drop(n);
                save();
            } else {
                inFlight = true;
                transport.fetch(body, n);
            }
        }
    }

    /** The outcome of the fetch that carried the first {@code n} updates: sent ones leave the queue. */
    public void sent(int n, boolean ok) {
        inFlight = false;
        if (ok) {
            outbox.drop(n);
            save();
            flush();
        }
    }

    /** Opts out (forgets the queue, queues nothing) or in again; the choice is stored. */
    public void optOut(boolean out) {
        optedOut = out;
        storage.set(OPTOUT, out ? "1" : null);
        if (out) {
            outbox.drop(outbox.size());
        }
        save();
    }

    /** Consent given (the id is kept, the queue saved and sent) or withdrawn (waits again, when required). */
    public void consent(boolean given) {
        if (given && waiting) {
            waiting = false;
            storage.set(CONSENT, "1");
            identify();
            save();
            flush();
        } else if (!given) {
            waiting = consentRequired;
            storage.set(CONSENT, null);
        }
    }

    private void save() {
        if (!waiting && !optedOut) {
            storage.set(QUEUE, outbox.save());
        }
    }

    private void later() {
        if (!flushQueued) {
            flushQueued = true;
            timer.flushAfter(DELAY);
        }
    }
}
