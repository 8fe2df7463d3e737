package io.browserstate.api;

import java.util.List;
import java.util.Objects;

/**
 * What changed between two snapshots of a session, path by path, read from their manifests without
 * downloading any file.
 *
 * @param session the session
 * @param fromVersion the older side
 * @param toVersion the newer side
 * @param changes every path that differs, sorted by path
 * @since 0.3
 */
public record SnapshotDiff(SessionId session, long fromVersion, long toVersion, List<Change> changes) {

    /** How a path differs. */
    public enum Kind {
        /** Present only in the {@code to} snapshot. */
        ADDED,
        /** Present only in the {@code from} snapshot. */
        REMOVED,
        /** Present in both with other content, type, mode or link target. */
        CHANGED
    }

    /**
     * One path that differs.
     *
     * @param path the relative path, {@code /}-separated
     * @param kind how it differs
     * @param sizeBefore its size in bytes in the {@code from} snapshot; 0 when absent or not a file
     * @param sizeAfter its size in bytes in the {@code to} snapshot; 0 when absent or not a file
     */
    public record Change(String path, Kind kind, long sizeBefore, long sizeAfter) {
        /**
         * Checks the fields.
         *
         * @param path the relative path
         * @param kind how it differs
         * @param sizeBefore size before
         * @param sizeAfter size after
         */
        public Change {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * Copies {@code changes}.
     *
     * @param session the session
     * @param fromVersion the older side
     * @param toVersion the newer side
     * @param changes the differing paths
     */
    public SnapshotDiff {
        Objects.requireNonNull(session, "session");
        changes = List.copyOf(changes);
    }

    /**
     * The changes of one kind.
     *
     * @param kind the kind
     * @return the changes of that kind, in path order
     */
    public List<Change> of(Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).toList();
    }
}
