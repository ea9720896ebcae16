package io.anbefal.crec.browser;

import org.teavm.jso.JSExport;

/**
 * What the compiled script exports: {@code start} (the server's wrapper calls it once the configuration is in
 * place) and {@code onEvent} (the page glue reports events to it). TeaVM declares each export as a variable of
 * the script's top level, inside the server's wrapper function, so neither reaches the page's globals.
 * <p>
 * A class of its own because TeaVM checks the entry class's initialisation at the start of every one of its
 * methods; {@link Crec} is not the entry class, so its methods carry no such check.
 */
public final class Main {

    private Main() {
    }

    @JSExport
    public static void start() {
        Crec.start();
    }

    @JSExport
    public static void onEvent(int event, int element, double a, double b, String json) {
        Crec.on(event, element, a, b, json);
    }
}
