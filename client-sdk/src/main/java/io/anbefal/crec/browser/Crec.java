package io.anbefal.crec.browser;

import io.anbefal.crec.core.Delivery;
import io.anbefal.crec.core.Exposure;
import io.anbefal.crec.core.Reports;
import io.anbefal.crec.core.Seen;
import io.anbefal.crec.core.Text;
import org.teavm.jso.JSBody;

/**
 * The crec script in the browser: exposure and click tracking, and the {@code window.sannsyn} command queue; it
 * hands updates, flushes, opting out and consent to the core's {@link Delivery}, over the ports of
 * {@link Browser}. What touches the page is in the {@link JSBody} snippets of this class, each guarded so that
 * the script never throws into the host page; the decisions are the plain-Java core's. Tracked elements live on
 * the JavaScript side (the array {@code __crec}, local to the server's wrapper); Java knows them by index.
 * <p>
 * Written for size (issue 4's budget, see docs/crec.md): no class initialiser, no string concatenation (it
 * compiles to StringBuilder), numbered events, and the text work done by the browser ({@link Text}).
 */
public final class Crec {

    // the events the page's glue reports (numbers are cheaper than names in the compiled script)
    private static final int TRACK = 0;
    private static final int ENTRY = 1;
    private static final int TICK = 2;
    private static final int PAGESHOW = 3;
    private static final int CLICK = 4;
    private static final int ADD = 5;
    private static final int FLUSH = 6;
    private static final int OPTOUT = 7;
    private static final int CONSENT = 8;
    private static final int DEBUG = 9;
    private static final int SENT = 10;

    // set by start(), not by initialisers: a class without a static initialiser costs no initialisation check in
    // every method of the compiled script
    private static Text text;
    private static Delivery delivery;
    private static Seen seen;
    private static Exposure[] states;
    private static boolean debug;

    private Crec() {
    }

    /** Reads the configuration, restores the saved queue and wires the page (called by {@link Main#start()}). */
    static void start() {
        String service = cfg("service");
        if (service == null) {
            return;
        }
        Browser browser = new Browser(cfg("api"), service);
        text = browser;
        delivery = new Delivery(browser, browser, browser, browser, service, cfg("ssasid"), flag("consent"));
        seen = new Seen();
        states = new Exposure[64];
        debug = flag("debug");
        delivery.start();
        install(delivery.ssasid());
    }

    /**
     * A page event (through {@link Main#onEvent}): what happened, to which tracked element (or, for
     * {@link #SENT}, how many updates a fetch carried), two numbers and a text (the JSON of an update to queue).
     */
    static void on(int event, int i, double a, double b, String json) {
        double now = now();
        switch (event) {
            case TRACK -> {
                // a new element (i is the number tracked so far), one whose marking changed, or any in a page
                // restored from the back/forward cache: a new state
                if (i == states.length) {
                    Exposure[] s = new Exposure[i * 2];
                    for (int k = 0; k < i; k++) {
                        s[k] = states[k];
                    }
                    states = s;
                }
                states[i] = new Exposure();
                if (debug) {
                    outline(i, "2px dashed #e8710a");
                }
                check(i, now);
            }
            case ENTRY -> {
                inView(i, Exposure.eligible(a, b, true));
                check(i, now);
            }
            case TICK -> check(i, now);
            case FLUSH -> delivery.flush(); // also on pagehide, and when the tab is hidden
            case PAGESHOW -> seen.clear(); // a new page view: then a TRACK for each element
            case CLICK -> {
                if (i < 0 || states[i].force()) {
                    report(i, true);
                }
                report(i, false);
                delivery.flush();
            }
            case ADD -> enqueue(json);
            case OPTOUT -> delivery.optOut(a > 0);
            case CONSENT -> delivery.consent(a > 0);
            case DEBUG -> debug = a > 0;
            case SENT -> delivery.sent(i, a > 0); // the outcome of a fetch that carried i updates
            default -> { }
        }
    }

    /** Feeds element i's state with what is true now; reports the exposure, or looks again when it may be due. */
    private static void check(int i, double now) {
        Exposure state = states[i];
        if (state.update(inView(i) && visible(), now)) {
            if (debug) {
                outline(i, "2px solid #188038");
            }
            report(i, true);
        } else {
            double wait = state.remaining(now);
            if (wait >= 0) {
                Browser.timer(i, wait + 20);
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
        if (exposure && !seen.first(text.fill("\0\0", new String[] {item, origin}))) {
            return;
        }
        enqueue(Reports.report(text, exposure ? "RECEXPOSURE" : "RECCLICK", item, origin, eventId()));
    }

    private static void enqueue(String json) {
        if (delivery.add(json) && debug) {
            log(json);
        }
    }

    // --- the page -------------------------------------------------------------------------------
    // Locals in these snippets start with an underscore: TeaVM renames parameters to short names and leaves the
    // snippets' own names alone, so a plain short name could clash.

    @JSBody(params = "k", script = "var _c=__anbefalCrec[k];return _c==null?null:''+_c")
    private static native String cfg(String key);

    /** Whether a flag of the configuration is on. */
    @JSBody(params = "k", script = "return!!__anbefalCrec[k]")
    private static native boolean flag(String key);

    @JSBody(script = "return performance.now()")
    private static native double now();

    @JSBody(script = "return document.visibilityState!='hidden'")
    private static native boolean visible();

    @JSBody(script = "return Date.now().toString(36)+'-'+Math.random().toString(36).slice(2,10)")
    private static native String eventId();

    @JSBody(params = {"i", "n"}, script = "var _e=i<0?__crec.c:__crec[i];return _e?_e.getAttribute(n):null")
    private static native String attr(int i, String name);

    /** Whether element i is on screen by {@link Exposure#eligible}, kept with the element. */
    @JSBody(params = {"i", "v"}, script = "__crec[i].__v=v")
    private static native void inView(int i, boolean view);

    @JSBody(params = "i", script = "return!!__crec[i].__v")
    private static native boolean inView(int i);

    @JSBody(params = {"i", "s"}, script = "__crec[i].style.outline=s")
    private static native void outline(int i, String style);

    @JSBody(params = "m", script = "console.log('[sannsyn]',m)")
    private static native void log(String m);

    /**
     * Wires the page ({@code onEvent} is {@link Main}'s export): the observers, the listeners and the command
     * queue, each callback guarded so that nothing is ever thrown into the host page.
     */
    @JSBody(params = "id", script = ""
            + "var _w=window,_d=document,_S='[data-sannsyn-recommendation]',_c=__anbefalCrec,_E=[],_t=[],_k=0,"
            + "_f=(_n,_i,_a,_b,_j)=>{try{onEvent(_n,_i==null?-1:_i,+_a||0,+_b||0,_j)}catch(_x){}},"
            + "_q=_j=>_f(5,0,0,0,_j);"
            + "__crec=_E;_E.f=_f;"
            + "while(_k<=20)_t.push(_k++/20);"
            + "var _io=_w.IntersectionObserver&&new IntersectionObserver(_es=>_es.forEach(_t=>{"
            + "var _r=_t.intersectionRect,_v=_t.rootBounds,_va=_v?_v.width*_v.height:_w.innerWidth*_w.innerHeight,_y=_t.isIntersecting;"
            + "_f(1,_t.target.__sn,_y&&_t.intersectionRatio,_y&&_va&&_r.width*_r.height/_va)}),{threshold:_t}),"
            + "_s=_n=>{_n=_n||_d;var _l=_n.querySelectorAll?[].slice.call(_n.querySelectorAll(_S)):[];"
            + "_n.matches&&_n.matches(_S)&&_l.push(_n);"
            + "_l.forEach(_e=>{if(!(_e.__sn>=0)){_f(0,_e.__sn=_E.push(_e)-1);_io&&_io.observe(_e)}})},"
            + "_ck=_e=>{var _t=_e.target;_t=_t&&_t.closest&&_t.closest(_S);if(_t){__crec.c=_t;_f(4,_t.__sn)}};"
            + "_s();"
            + "_w.MutationObserver&&new MutationObserver(_ms=>_ms.forEach(_m=>"
            + "_m.type=='attributes'?_m.target.__sn>=0?_f(0,_m.target.__sn):_s(_m.target):_m.addedNodes.forEach(_s)))"
            + ".observe(_d.documentElement,{childList:true,subtree:true,attributes:true,"
            + "attributeFilter:['data-sannsyn-recommendation','data-sannsyn-recommender-id']});"
            + "_d.addEventListener('click',_ck,true);_d.addEventListener('auxclick',_ck,true);"
            + "_d.addEventListener('visibilitychange',()=>{_E.forEach((_e,_i)=>_f(2,_i));_d.visibilityState=='hidden'&&_f(6)});"
            + "_w.addEventListener('pagehide',()=>_f(6));"
            + "_w.addEventListener('pageshow',_e=>{if(_e.persisted){_f(3);_E.forEach((_e,_i)=>_f(0,_i))}});"
            // flush 6, optout/optin 7, consent 8, debug 9: the number of the page event, and its argument
            + "var _api={ssasid:()=>id,push:_m=>{try{var _k=_m[0],_o=_m[1],_n={flush:6,optout:7,optin:7,consent:8,debug:9}[_k];"
            + "if(_n>0)_f(_n,-1,_k=='optout'||_n>7&&!!_o);"
            + "else if(_k=='update'){_o=Object.assign({},_o);_o.eventId=Date.now().toString(36)+'-'+Math.random().toString(36).slice(2,10);"
            + "_q(JSON.stringify(_o))}"
            + "else if(_k=='rescan')_s(_o);"
            + "else if(_k=='recommend'){var _cb=_m[2]||Object;"
            + "fetch(_c.api+'recommend',{method:'POST',credentials:'include',headers:{'x-ssasid':id},"
            + "body:JSON.stringify(Object.assign({service:_c.service},_o))})"
            + ".then(_r=>_r.status==200?_r.json():null).then(_cb,()=>_cb(null))}}catch(_e){}}},"
            + "_old=_w.sannsyn;_w.sannsyn=_api;[].forEach.call(_old||[],_api.push)")
    private static native void install(String ssasid);
}
