package io.browserstate.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run produced: where it ran, how noisy the machine was, the table and the
 * targets.
 *
 * @param startedAt ISO-8601 start time
 * @param durationSeconds wall-clock time of the whole run
 * @param machine facts about the machine (CPU, cores, memory, Java, Redis)
 * @param settings how the run was configured
 * @param noise what else the machine was doing meanwhile
 * @param rows the measurements
 * @param targets the targets
 * @param notes remarks on method
 */
record Report(String startedAt, double durationSeconds, Map<String, String> machine, Map<String, String> settings,
        Map<String, String> noise, List<Row> rows, List<Target> targets, List<String> notes) {
}
