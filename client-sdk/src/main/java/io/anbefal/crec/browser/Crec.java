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
        if (stored.equals(cookie)) {
            return;
        }
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

    @JSBody(params = "k", script = "var _c=typeof __anbefalCrec=='undefined'?null:__anbefalCrec;"
            + "return _c==null||_c[k]==null?null:''+_c[k];")
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

    @JSBody(params = {"i", "n"}, script = "var _e=i<0?__crec.c:__crec.E[i];return _e?_e.getAttribute(n):null;")
    private static native String attr(int i, String name);

    @JSBody(params = {"i", "s"}, script = "__crec.E[i].style.outline=s;")
    private static native void outline(int i, String style);

    @JSBody(params = "m", script = "console.log('[sannsyn]',m);")
    private static native void log(String m);

    @JSBody(params = {"i", "ms"}, script = "setTimeout(function(){__crec.f(i<0?9:2,i)},ms);")
    private static native void timer(int i, double ms);

    /** Whether a flag is on: {@code true} in the configuration, or "1" in localStorage. */
    @JSBody(params = "k", script = "var _c=__anbefalCrec;if(k in _c)return !!_c[k];try{return localStorage.getItem(k)=='1'}catch(_e){return false}")
    private static native boolean flag(String key);

    @JSBody(params = {"u", "b"}, script = "try{return !!navigator.sendBeacon(u+'update',b)}catch(e){return false}")
    private static native boolean beacon(String url, String body);

    @JSBody(params = {"u", "b", "n", "f"}, script = "try{fetch(u+'update',{method:'POST',body:b,keepalive:true,credentials:'include'})"
            + ".then(function(_r){f(n,_r.ok)},function(){f(n,false)})}catch(_e){f(n,false)}")
    private static native void fetch(String url, String body, int n, Sent done);

    @JSBody(params = {"u", "p", "b"}, script = "try{var _x=new XMLHttpRequest();_x.open('POST',u+p);_x.withCredentials=true;_x.send(b)}catch(_e){}")
    private static native void post(String api, String path, String body);

    /**
     * Wires the page: replays the saved queue, the observers, the listeners and the command queue; each callback
     * guarded so that nothing is ever thrown into the host page.
     */
    @JSBody(params = {"on", "add", "id", "saved"}, script = ""
            + "var _w=window,_d=document,_S='[data-sannsyn-recommendation]',_c=__anbefalCrec,_E=[],"
            + "_f=function(_n,_i,_a,_b){try{on(_n,_i==null?-1:_i,_a||0,_b||0)}catch(_x){}},"
            + "_q=function(_j){try{add(_j)}catch(_x){}};__crec={f:_f,E:_E};"
            + "saved&&saved.split('\\n').forEach(_q);"
            + "var _th=[];for(var _i=0;_i<=20;_i++)_th.push(_i/20);"
            + "var _io=_w.IntersectionObserver&&new IntersectionObserver(function(_es){_es.forEach(function(_t){"
            + "var _r=_t.intersectionRect,_v=_t.rootBounds,_va=_v?_v.width*_v.height:_w.innerWidth*_w.innerHeight;"
            + "_f(1,_t.target.__sn,_t.isIntersecting?_t.intersectionRatio:0,_t.isIntersecting&&_va?_r.width*_r.height/_va:0)})},"
            + "{threshold:_th});"
            + "var _scan=function(_n){_n=_n||_d;var _l=[];if(_n.matches&&_n.matches(_S))_l.push(_n);"
            + "if(_n.querySelectorAll)_l=_l.concat([].slice.call(_n.querySelectorAll(_S)));"
            + "_l.forEach(function(_e){if(!(_e.__sn>=0)){_e.__sn=_E.length;_E.push(_e);_f(0,_e.__sn);_io&&_io.observe(_e)}})};"
            + "_scan();"
            + "_w.MutationObserver&&new MutationObserver(function(_ms){_ms.forEach(function(_m){"
            + "if(_m.type=='attributes'){_m.target.__sn>=0?_f(6,_m.target.__sn):_scan(_m.target)}else _m.addedNodes.forEach(function(_n){_scan(_n)})})})"
            + ".observe(_d.documentElement,{childList:true,subtree:true,attributes:true,"
            + "attributeFilter:['data-sannsyn-recommendation','data-sannsyn-recommender-id']});"
            + "var _ck=function(_e){var _t=_e.target;_t=_t&&_t.closest&&_t.closest(_S);if(_t){__crec.c=_t;_f(7,_t.__sn>=0?_t.__sn:-1)}};"
            + "_d.addEventListener('click',_ck,true);_d.addEventListener('auxclick',_ck,true);"
            + "_d.addEventListener('visibilitychange',function(){_f(3)});"
            + "_w.addEventListener('pagehide',function(){_f(4)});"
            + "_w.addEventListener('pageshow',function(_e){_e.persisted&&_f(5)});"
            + "var _api={ssasid:function(){return id},push:function(_m){try{var _k=_m[0],_o=_m[1];"
            + "if(_k=='update'){_o=Object.assign({},_o);_o.eventId=Date.now().toString(36)+Math.random().toString(36).slice(2,10);"
            + "_q(JSON.stringify(_o))}"
            + "else if(_k=='recommend'){var _x=new XMLHttpRequest(),_cb=_m[2]||function(){};"
            + "_x.open('POST',_c.api+'recommend');_x.withCredentials=true;_x.setRequestHeader('x-ssasid',id);"
            + "_x.onload=function(){var _r=null;try{_r=_x.status==200?JSON.parse(_x.responseText):null}catch(_e){}_cb(_r)};"
            + "_x.onerror=function(){_cb(null)};"
            + "_x.send(JSON.stringify(Object.assign({service:_c.service},_o)))}"
            + "else if(_k=='rescan')_scan(_o);else if(_k=='flush')_f(9);"
            + "else if(_k=='optout'||_k=='optin')_f(10,-1,_k=='optout'?1:0);"
            + "else if(_k=='consent')_f(11,-1,_o?1:0);else if(_k=='debug')_f(12,-1,_o?1:0)}catch(_e){}}};"
            + "var _old=_w.sannsyn;_w.sannsyn=_api;if(_old&&_old.length)for(var _j=0;_j<_old.length;_j++)_api.push(_old[_j]);")
    private static native void install(Event on, Add add, String ssasid, String saved);
}
