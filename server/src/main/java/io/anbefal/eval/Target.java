package io.anbefal.eval;

import io.anbefal.engine.Event;

import java.util.List;

/**
 * What an evaluation talks to: the engine in process, or a running server over HTTP. The same protocol code
 * drives both, so the served model is measured exactly like the evaluated one.
 */
public interface Target {

    /** Feeds training events, in order. */
    void update(List<Event> events);

    /** Asks a recommender; the ids of the answer, best first. */
    List<String> recommend(String recommender, List<String> externalIds, List<String> tags, int num);
}
