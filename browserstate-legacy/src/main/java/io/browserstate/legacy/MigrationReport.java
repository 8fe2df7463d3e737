package io.browserstate.legacy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The outcome of migrating several sessions, one {@link MigrationResult} each, in session-id order.
 * One failing session does not stop the others.
 *
 * @param dryRun whether nothing was written
 * @param results one result per legacy session found
 * @since 0.1
 */
public record MigrationReport(boolean dryRun, List<MigrationResult> results) {

    /**
     * Creates a report; {@code results} is copied.
     *
     * @param dryRun whether nothing was written
     * @param results one result per legacy session found; not {@code null}
     */
    public MigrationReport {
        results = List.copyOf(results);
    }

    /**
     * How many sessions ended with {@code action}.
     *
     * @param action the outcome to count
     * @return the number of results with that outcome
     */
    public long count(MigrationResult.Action action) {
        return results.stream().filter(r -> r.action() == action).count();
    }

    /**
     * The sessions that failed.
     *
     * @return the results whose action is {@code FAILED}, in session-id order
     */
    public List<MigrationResult> failures() {
        return results.stream().filter(r -> r.action() == MigrationResult.Action.FAILED).toList();
    }

    /**
     * Counts per action, e.g. {@code dry run: 8 WOULD_MIGRATE, 7 FAILED}.
     *
     * @return one line with the count of each action that occurred, or saying that there were no legacy sessions
     */
    public String summary() {
        Map<MigrationResult.Action, Long> counts = new EnumMap<>(MigrationResult.Action.class);
        for (MigrationResult r : results) {
            counts.merge(r.action(), 1L, Long::sum);
        }
        StringJoiner parts = new StringJoiner(", ", dryRun ? "dry run: " : "", "");
        parts.setEmptyValue((dryRun ? "dry run: " : "") + "no legacy sessions");
        counts.forEach((action, n) -> parts.add(n + " " + action));
        return parts.toString();
    }
}
