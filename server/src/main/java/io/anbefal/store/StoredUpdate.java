package io.anbefal.store;

import io.anbefal.engine.Event;

/**
 * An update as it is kept in the event log: the engine's event plus the client's optional dedupe key.
 *
 * @param event   what happened
 * @param eventId the client's id for exactly-once counting within a service; null when not given
 */
public record StoredUpdate(Event event, String eventId) {
}
