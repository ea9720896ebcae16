package io.anbefal.app;

import java.time.Instant;

/**
 * How a service is doing.
 *
 * @param serviceName  the service
 * @param status       RUNNING while the engine serves it
 * @param runningSince when this node started serving it
 * @param customers    distinct persons (customers and anonymous visitors; linked ids count once)
 * @param entities     distinct entities
 * @param updates      updates applied
 * @param snapshot     this node's model snapshots: the last written, the last failure
 * @param settingsProblems what is wrong with the service's stored settings ({@link SettingsCheck}): empty, unless
 *                     they were stored before the check or by hand
 */
public record ServiceStatus(String serviceName, String status, Instant runningSince, long customers, long entities,
                            long updates, SnapshotState snapshot,
                            java.util.List<String> settingsProblems) {
}
