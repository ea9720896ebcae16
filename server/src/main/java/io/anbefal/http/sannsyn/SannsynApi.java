package io.anbefal.http.sannsyn;

import io.anbefal.app.Anbefal;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * The Sannsyn 1.0 dialect: the server-side API {@code /recapi/1.0} behind basic auth ({@link RecApiService}, and
 * beside it the dataset schema and upload, {@link DatasetService}), and the browser-side API
 * {@code /ajaxrecapi/1.0} ({@link AjaxApiService}, with the crec script and its identify call, {@link CrecService}).
 */
public final class SannsynApi implements HttpService {

    /** Where the browser-side API is registered. */
    public static final String AJAX_PREFIX = "/ajaxrecapi/1.0";

    private final Anbefal anbefal;
    private final long maxBody;

    public SannsynApi(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.register(RecApiService.PREFIX, new DatasetService(anbefal), new RecApiService(anbefal, maxBody))
                .register(AJAX_PREFIX, new AjaxApiService(anbefal, maxBody));
    }
}
