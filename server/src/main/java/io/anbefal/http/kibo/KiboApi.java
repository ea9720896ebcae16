package io.anbefal.http.kibo;

import io.anbefal.app.Anbefal;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/** The Kibo RTI dialect: its recommendation server's read API, {@code /recs/1} ({@link KiboRtiService}). */
public final class KiboApi implements HttpService {

    private final Anbefal anbefal;

    public KiboApi(Anbefal anbefal) {
        this.anbefal = anbefal;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.register(KiboRtiService.PREFIX, new KiboRtiService(anbefal, anbefal.catalog()));
    }
}
