package io.anbefal.eval;

import io.anbefal.engine.Engine;
import io.anbefal.engine.Event;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;

import java.util.List;
import java.util.Map;

/** An evaluation target that is a fresh engine in this process. */
public final class EngineTarget implements Target {

    private static final String SERVICE = "eval";
    private final Engine engine;

    public EngineTarget(Engine engine, Map<String, String> settings) {
        this.engine = engine;
        engine.configure(SERVICE, settings);
    }

    @Override
    public void update(List<Event> events) {
        engine.apply(SERVICE, events);
    }

    @Override
    public List<String> recommend(String recommender, List<String> externalIds, List<String> tags, int num) {
        return engine.recommend(SERVICE, new RecommendRequest(recommender, externalIds, tags, num))
                .map(r -> r.items().stream().map(Recommendation.ScoredItem::id).toList())
                .orElseThrow(() -> new IllegalArgumentException("unknown recommender " + recommender));
    }
}
