package io.anbefal.crec.browser;

import io.anbefal.crec.core.Exposure;
import io.anbefal.crec.core.Outbox;
import io.anbefal.crec.core.Reports;
import io.anbefal.crec.core.Seen;
import io.anbefal.crec.core.Text;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * The crec script in the browser: visitor id, exposure and click tracking, delivery, the {@code window.sannsyn}
 * command queue. What touches the browser is in the {@link JSBody} snippets of this class, each guarded so that
 * the script never throws into the host page; the decisions are the plain-Java core's. Tracked elements live on
 * the JavaScript side (array {@code E}); Java knows them by index.
 */
public final class Crec {

    /** Characters per request body: well under the ~64 KB that keep-alive requests share. */
    private static final int BATCH = 60_000;
    private static final String QUEUE = "sannsyn.q";

    // the events the page's glue reports (numbers are cheaper than names in the compiled script)
    private static final int TRACK = 0;
    private static final int ENTRY = 1;
    private static final int TICK = 2;
    private static final int VISIBILITY = 3;
    private static final int PAGEHIDE = 4;
    private static final int PAGESHOW = 5;
    private static final int RESET = 6;
    private static final int CLICK = 7;
    private static final int FLUSH = 9;
    private static final int OPTOUT = 10;
    private static final int CONSENT = 11;
    private static final int DEBUG = 12;

    private static final Text TEXT = new Text() {
        @Override
        public String quote(String s) {
            return jsQuote(s);
        }

        @Override
        public String join(String prefix, String[] parts, int n, String sep, String suffix) {
            return jsJoin(prefix, parts, n, sep, suffix);
        }
    };

    private static String service;
    private static String api;
    private static String ssasid;
    private static boolean waiting;
    private static boolean optedOut;
    private static boolean debug;
    private static boolean inFlight;
    private static boolean flushQueued;
    private static final Outbox OUTBOX = new Outbox(TEXT, 300);
    private static final Seen SEEN = new Seen();
    private static Exposure[] states = new Exposure[64];
    private static boolean[] inView = new boolean[64];
    private static int tracked;

    private Crec() {
    }

    /** A page event: what happened, to which tracked element, and two numbers. */
    @JSFunctor
    interface Event extends JSObject {
        void on(int event, int element, double a, double b);
    }

    /** An update to queue: JSON text. */
    @JSFunctor
    interface Add extends JSObject {
        void add(String json);
    }

    /** The outcome of a fetch that carried {@code n} updates. */
    @JSFunctor
    interface Sent extends JSObject {
        void sent(int n, boolean ok);
    }

    public static void main(String[] args) {
        service = cfg("service");
        if (service == null) {
            return;
        }
        api = cfg("api");
        debug = flag("debug");
        optedOut = flag("sannsyn.optout");
        waiting = flag("consent") && !flag("sannsyn.consent");
        ssasid = cfg("ssasid");
        identify();
        install(Crec::on, Crec::enqueue, ssasid, waiting ? null : get(QUEUE));
        if (OUTBOX.size() > 0) {
            later();
        }
    }

    /**
     * Keeps the localStorage id when there is one (and has the cookie's id joined to it), else stores the
     * cookie's. Before consent nothing is stored.
     */
    private static void identify() {
        if (waiting) {
            return;
        }
        String cookie = cfg("ssasid");
        String stored = get("ssasid");
        if (stored == null || stored.isEmpty()) {
            set("ssasid", cookie);
            stored = cookie;
        }
        ssasid = stored;
        post(api, "identify", TEXT.join("{\"service\":", new String[] {TEXT.quote(service), ",\"ssasid\":",
                TEXT.quote(stored), ",\"alias\":", TEXT.quote(cookie)}, 5, "", "}"));
    }

    private static void on(int event, int i, double a, double b) {
        double now = now();
        switch (event) {
            case TRACK -> {
                if (i == states.length) {
                    Exposure[] s = new Exposure[i * 2];
                    boolean[] v = new boolean[i * 2];
                    for (int k = 0; k < i; k++) {
                        s[k] = states[k];
                        v[k] = inView[k];
                    }
                    states = s;
                    inView = v;
                }
                states[i] = new Exposure();
                tracked = i + 1;
                if (debug) {
                    outline(i, "2px dashed #e8710a");
                }
            }
            case ENTRY -> {
                inView[i] = Exposure.eligible(a, b, true);
                check(i, now);
            }
            case TICK -> check(i, now);
            case VISIBILITY -> {
                for (int k = 0; k < tracked; k++) {
                    check(k, now);
                }
                if (!visible()) {
                    flush();
                }
            }
            case PAGEHIDE, FLUSH -> flush();
            case PAGESHOW -> {
                SEEN.clear();
                for (int k = 0; k < tracked; k++) {
                    states[k] = new Exposure();
                    check(k, now);
                }
            }
            case RESET -> {
                states[i] = new Exposure();
                check(i, now);
            }
            case CLICK -> {
                if (i < 0 || states[i].force()) {
                    report(i, true);
                }
                report(i, false);
                flush();
            }
            case OPTOUT -> {
                optedOut = a > 0;
                set("sannsyn.optout", optedOut ? "1" : null);
                if (optedOut) {
                    OUTBOX.drop(OUTBOX.size());
                }
                save();
            }
            case CONSENT -> {
                if (a > 0 && waiting) {
                    waiting = false;
                    set("sannsyn.consent", "1");
                    identify();
                    save();
                    flush();
                } else if (a <= 0) {
                    waiting = flag("consent");
                    set("sannsyn.consent", null);
                }
            }
            case DEBUG -> debug = a > 0;
            default -> { }
        }
    }

    /** Feeds element i's state with what is true now; reports the exposure, or looks again when it may be due. */
    private static void check(int i, double now) {
        Exposure state = states[i];
        if (state.update(inView[i] && visible(), now)) {
            if (debug) {
                outline(i, "2px solid #188038");
            }
            report(i, true);
        } else {
            double wait = state.remaining(now);
            if (wait >= 0) {
                timer(i, wait + 20);
            }
        }
    }

    /** Queues a report on element i (or, for -1, the element last clicked that was not tracked yet). */
    private static void report(int i, boolean exposure) {
        String item = attr(i, "data-sannsyn-recommendation");
        String origin = attr(i, "data-sannsyn-recommender-id");
        if (item == null || origin == null) {
            return;
        }
        if (exposure && !SEEN.first(TEXT.join(item, new String[] {origin}, 1, "", "\n"))) {
            return;
        }
        enqueue(Reports.report(TEXT, exposure ? "RECEXPOSURE" : "RECCLICK", item, origin, eventId()));
    }

    private static void enqueue(String json) {
        if (optedOut || json == null) {
            return;
        }
        if (debug) {
            log(json);
        }
        OUTBOX.add(json);
        save();
        later();
    }

    private static void save() {
        if (!waiting && !optedOut) {
            set(QUEUE, OUTBOX.save());
        }
    }

    private static void later() {
        if (!flushQueued) {
            flushQueued = true;
            timer(-1, 3000);
        }
    }

    /** Sends what is queued: a beacon per batch; fetch with keepalive where the beacon is refused. */
    private static void flush() {
        flushQueued = false;
        String envelope = Reports.envelope(TEXT, service, ssasid);
        while (!waiting && !optedOut && !inFlight && OUTBOX.size() > 0) {
            int n = OUTBOX.fitting(envelope, BATCH);
            String body = OUTBOX.body(envelope, n);
            if (beacon(api, body)) {
                OUTBOX.drop(n);
                save();
            } else {
                inFlight = true;
                fetch(api, body, n, Crec::sent);
            }
        }
    }

    private static void sent(int n, boolean ok) {
        inFlight = false;
        if (ok) {
            OUTBOX.drop(n);
            save();
            flush();
        }
    }

    // --- the browser ----------------------------------------------------------------------------

    @JSBody(params = "s", script = "return JSON.stringify(s);")
    static native String jsQuote(String s);

    @JSBody(params = {"p", "a", "n", "s", "x"}, script = "return p+a.slice(0,n).join(s)+x;")
    static native String jsJoin(String prefix, String[] parts, int n, String sep, String suffix);

    @JSBody(params = "k", script = "var c=typeof __anbefalCrec=='undefined'?null:__anbefalCrec;"
            + "return c==null||c[k]==null?null:''+c[k];")
    private static native String cfg(String key);

    @JSBody(params = "k", script = "try{return localStorage.getItem(k)}catch(e){return null}")
    private static native String get(String key);

    @JSBody(params = {"k", "v"}, script = "try{v==null?localStorage.removeItem(k):localStorage.setItem(k,v)}catch(e){}")
    private static native void set(String key, String value);

    @JSBody(script = "return performance.now();")
    private static native double now();

    @JSBody(script = "return document.visibilityState!='hidden';")
    private static native boolean visible();

    @JSBody(script = "return Date.now().toString(36)+'-'+Math.random().toString(36).slice(2,10);")
    private static native String eventId();

    @JSBody(params = {"i", "n"}, script = "var e=i<0?__crec.c:__crec.E[i];return e?e.getAttribute(n):null;")
    private static native String attr(int i, String name);

    @JSBody(params = {"i", "s"}, script = "__crec.E[i].style.outline=s;")
    private static native void outline(int i, String style);

    @JSBody(params = "m", script = "console.log('[sannsyn]',m);")
    private static native void log(String m);

    @JSBody(params = {"i", "ms"}, script = "setTimeout(function(){__crec.f(i<0?9:2,i)},ms);")
    private static native void timer(int i, double ms);

    /** Whether a flag is on: {@code true} in the configuration, or "1" in localStorage. */
    @JSBody(params = "k", script = "var c=__anbefalCrec;if(k in c)return !!c[k];try{return localStorage.getItem(k)=='1'}catch(e){return false}")
    private static native boolean flag(String key);

    @JSBody(params = {"u", "b"}, script = "try{return !!navigator.sendBeacon(u+'update',b)}catch(e){return false}")
    private static native boolean beacon(String url, String body);

    @JSBody(params = {"u", "b", "n", "f"}, script = "try{fetch(u+'update',{method:'POST',body:b,keepalive:true,credentials:'include'})"
            + ".then(function(r){f(n,r.ok)},function(){f(n,false)})}catch(e){f(n,false)}")
    private static native void fetch(String url, String body, int n, Sent done);

    @JSBody(params = {"u", "p", "b"}, script = "try{var x=new XMLHttpRequest();x.open('POST',u+p);x.withCredentials=true;x.send(b)}catch(e){}")
    private static native void post(String api, String path, String body);

    /**
     * Wires the page: replays the saved queue, the observers, the listeners and the command queue; each callback
     * guarded so that nothing is ever thrown into the host page.
     */
    @JSBody(params = {"on", "add", "id", "saved"}, script = ""
            + "var w=window,d=document,S='[data-sannsyn-recommendation]',c=__anbefalCrec,E=[],"
            + "f=function(n,i,a,b){try{on(n,i==null?-1:i,a||0,b||0)}catch(x){}},"
            + "q=function(j){try{add(j)}catch(x){}};__crec={f:f,E:E};"
            + "saved&&saved.split('\\n').forEach(q);"
            + "var th=[];for(var i=0;i<=20;i++)th.push(i/20);"
            + "var io=w.IntersectionObserver&&new IntersectionObserver(function(es){es.forEach(function(t){"
            + "var r=t.intersectionRect,v=t.rootBounds,va=v?v.width*v.height:w.innerWidth*w.innerHeight;"
            + "f(1,t.target.__sn,t.isIntersecting?t.intersectionRatio:0,t.isIntersecting&&va?r.width*r.height/va:0)})},"
            + "{threshold:th});"
            + "var scan=function(n){n=n||d;var l=[];if(n.matches&&n.matches(S))l.push(n);"
            + "if(n.querySelectorAll)l=l.concat([].slice.call(n.querySelectorAll(S)));"
            + "l.forEach(function(e){if(!(e.__sn>=0)){e.__sn=E.length;E.push(e);f(0,e.__sn);io&&io.observe(e)}})};"
            + "scan();"
            + "w.MutationObserver&&new MutationObserver(function(ms){ms.forEach(function(m){"
            + "if(m.type=='attributes'){m.target.__sn>=0?f(6,m.target.__sn):scan(m.target)}else m.addedNodes.forEach(function(n){scan(n)})})})"
            + ".observe(d.documentElement,{childList:true,subtree:true,attributes:true,"
            + "attributeFilter:['data-sannsyn-recommendation','data-sannsyn-recommender-id']});"
            + "var ck=function(e){var t=e.target;t=t&&t.closest&&t.closest(S);if(t){__crec.c=t;f(7,t.__sn>=0?t.__sn:-1)}};"
            + "d.addEventListener('click',ck,true);d.addEventListener('auxclick',ck,true);"
            + "d.addEventListener('visibilitychange',function(){f(3)});"
            + "w.addEventListener('pagehide',function(){f(4)});"
            + "w.addEventListener('pageshow',function(e){e.persisted&&f(5)});"
            + "var api={ssasid:function(){return id},push:function(m){try{var k=m[0],o=m[1];"
            + "if(k=='update'){o=Object.assign({},o);o.eventId=Date.now().toString(36)+Math.random().toString(36).slice(2,10);"
            + "q(JSON.stringify(o))}"
            + "else if(k=='recommend'){var x=new XMLHttpRequest(),cb=m[2]||function(){};"
            + "x.open('POST',c.api+'recommend');x.withCredentials=true;x.setRequestHeader('x-ssasid',id);"
            + "x.onload=function(){var r=null;try{r=x.status==200?JSON.parse(x.responseText):null}catch(e){}cb(r)};"
            + "x.onerror=function(){cb(null)};"
            + "x.send(JSON.stringify(Object.assign({service:c.service},o)))}"
            + "else if(k=='rescan')scan(o);else if(k=='flush')f(9);"
            + "else if(k=='optout'||k=='optin')f(10,-1,k=='optout'?1:0);"
            + "else if(k=='consent')f(11,-1,o?1:0);else if(k=='debug')f(12,-1,o?1:0)}catch(e){}}};"
            + "var old=w.sannsyn;w.sannsyn=api;if(old&&old.length)for(var j=0;j<old.length;j++)api.push(old[j]);")
    private static native void install(Event on, Add add, String ssasid, String saved);
}
