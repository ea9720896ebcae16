package io.anbefal.crec.browser;

import io.anbefal.crec.core.Delivery;
import io.anbefal.crec.core.Storage;
import io.anbefal.crec.core.Text;
import io.anbefal.crec.core.Timer;
import io.anbefal.crec.core.Transport;
import org.teavm.jso.JSBody;

/**
 * The core's ports in the browser, each a guarded {@link JSBody} snippet that never throws into the host page:
 * {@code localStorage}, {@code sendBeacon} and {@code fetch} to the API, {@code setTimeout}, and the string work
 * ({@code JSON.stringify}, {@code Array.join}, {@code String.split}: the compiled class library's StringBuilder would cost kilobytes).
 * A fetch's outcome and a timer come back through the page glue's callback ({@code __crec.f}) as the events
 * {@code SENT} and {@code FLUSH} of {@link Crec#on}, which hands them to {@link Delivery}.
 */
final class Browser implements Text, Storage, Transport, Timer {

    private final String api;
    private final String service;

    /** @param api the API's base URL, ending in a slash */
    Browser(String api, String service) {
        this.api = api;
        this.service = service;
    }

    @Override
    public String fill(String template, String[] values) {
        return jsFill(template, values);
    }

    @Override
    public String join(String prefix, String[] parts, int n, String sep, String suffix) {
        return jsJoin(prefix, parts, n, sep, suffix);
    }

    @Override
    public String[] split(String s, String sep) {
        return jsSplit(s, sep);
    }

    @Override
    public String get(String key) {
        return jsGet(key);
    }

    @Override
    public void set(String key, String value) {
        jsSet(key, value);
    }

    @Override
    public boolean beacon(String body) {
        return jsBeacon(api, body);
    }

    @Override
    public void fetch(String body, int n) {
        jsFetch(api, body, n);
    }

    @Override
    public void identify(String ssasid, String alias) {
        jsIdentify(api, service, ssasid, alias);
    }

    @Override
    public void flushAfter(double ms) {
        timer(-1, ms);
    }

    // Locals in these snippets start with an underscore: TeaVM renames parameters to short names and leaves the
    // snippets' own names alone, so a plain short name could clash.

    @JSBody(params = {"t", "v"}, script = "return t.split('\\0').reduce((_a,_p,_i)=>_a+JSON.stringify(v[_i-1])+_p)")
    private static native String jsFill(String template, String[] values);

    @JSBody(params = {"p", "a", "n", "s", "x"}, script = "return p+a.slice(0,n).join(s)+x")
    private static native String jsJoin(String prefix, String[] parts, int n, String sep, String suffix);

    @Override
    public boolean visitorId(String s) {
        return jsVisitorId(s);
    }

    /** The server's visitor-id syntax as a JS regex, where TeaVM's compiled one would cost kilobytes. */
    @JSBody(params = "s", script = "return/^[\\w.-]{1,64}$/.test(s)")
    private static native boolean jsVisitorId(String s);

    @JSBody(params = {"s", "p"}, script = "return s?s.split(p):[]")
    private static native String[] jsSplit(String s, String sep);

    @JSBody(params = "k", script = "try{return localStorage.getItem(k)}catch(_e){return null}")
    private static native String jsGet(String key);

    @JSBody(params = {"k", "v"}, script = "try{v==null?localStorage.removeItem(k):localStorage.setItem(k,v)}catch(_e){}")
    private static native void jsSet(String key, String value);

    /** Element i's tick ({@code TICK}), or for -1 the delivery's flush ({@code FLUSH}), {@code ms} from now. */
    @JSBody(params = {"i", "ms"}, script = "setTimeout(()=>__crec.f(i<0?6:2,i),ms)")
    static native void timer(int i, double ms);

    @JSBody(params = {"u", "b"}, script = "try{return!!navigator.sendBeacon(u+'update',b)}catch(_e){return false}")
    private static native boolean jsBeacon(String url, String body);

    /** A fetch's outcome is the page event {@code SENT}: how many updates it carried, and whether it was OK. */
    @JSBody(params = {"u", "b", "n"}, script = "var _d=_k=>__crec.f(10,n,_k);"
            + "try{fetch(u+'update',{method:'POST',body:b,keepalive:true,credentials:'include'}).then(_r=>_d(_r.ok),_d)}catch(_e){_d()}")
    private static native void jsFetch(String url, String body, int n);

    /** {@code POST identify}: the script's id, and the cookie's id to join to it. */
    /* with the customer the server linked and its signature (from the configuration), so that the script's id joins
       the customer too */
    @JSBody(params = {"u", "s", "i", "a"}, script = "try{fetch(u+'identify',{method:'POST',credentials:'include',"
            + "body:JSON.stringify({service:s,ssasid:i,alias:a,euid:__anbefalCrec.euid,sig:__anbefalCrec.sig})})"
            + ".catch(Object)}catch(_e){}")
    private static native void jsIdentify(String api, String service, String ssasid, String alias);
}
