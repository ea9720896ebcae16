package io.anbefal.http.sannsyn;

import io.anbefal.app.ExperimentReport;
import io.anbefal.store.Stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /recapi/1.0/stats/{service}}: counts per {@code what}, and per recommender origin the
 * exposures, clicks and CTR, and the experiments' reports ({@link ExperimentsJson}). Also what the demo shop's statistics page shows.
 */
public final class StatsAnswer {

    private StatsAnswer() {
    }

    /** The answer for {@code service} over {@code from} to {@code to} (0 and {@link Long#MAX_VALUE}: unbounded). */
    public static Map<String, Object> of(String service, long from, long to, Stats stats,
                                         List<ExperimentReport> experiments) {
        List<Map<String, Object>> recommenders = new ArrayList<>();
        for (Stats.OriginStats o : stats.perOrigin()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("origin", o.origin());
            r.put("exposures", o.exposures());
            r.put("clicks", o.clicks());
            r.put("ctr", o.clickThroughRate());
            recommenders.add(r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("from", from == 0 ? null : Instant.ofEpochMilli(from).toString());
        body.put("to", to == Long.MAX_VALUE ? null : Instant.ofEpochMilli(to).toString());
        body.put("what", stats.perWhat());
        body.put("recommenders", recommenders);
        ExperimentsJson.put(body, experiments);
        body.put("statusOK", true);
        return body;
    }
}
