package io.browserstate.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One kept snapshot of a session, as {@link BrowserStateManager#history} lists it.
 *
 * @param session the session
 * @param version the version the snapshot was published as
 * @param current whether it is the session's current snapshot
 * @param savedAt when it was published
 * @param savedBy who published it (the lease owner: JVM name and a random suffix), or {@code null} when
 *     not recorded (format 1)
 * @param sizeBytes file bytes in the snapshot
 * @param fileCount regular files in the snapshot
 * @param browserVersion browser that wrote the profile, or {@code null}
 * @param attributes the attributes recorded with it
 * @param origin how it came to be
 * @param originSession for a fork, the session it was forked from; else {@code null}
 * @param originVersion for a rollback or a fork, the version it copies; else {@code null}
 * @param manifestId the id of its manifest (equal for snapshots of the same tree)
 * @since 0.3
 */
public record SnapshotInfo(
        SessionId session,
        long version,
        boolean current,
        Instant savedAt,
        @Nullable String savedBy,
        long sizeBytes,
        long fileCount,
        @Nullable String browserVersion,
        Map<String, String> attributes,
        Origin origin,
        @Nullable SessionId originSession,
        @Nullable Long originVersion,
        String manifestId) {

    /** How a snapshot came to be. */
    public enum Origin {
        /** A save of a profile directory. */
        SAVE,
        /** A rollback: an older snapshot published again as a new version. */
        ROLLBACK,
        /** A fork from another session's snapshot. */
        FORK,
        /** Carried over from a format-1 session by {@code migrateFormat}. */
        MIGRATION,
        /**
         * A checkpoint of a running mount: the snapshot it restored or saved with files added
         * ({@link MountedSession#checkpoint}).
         *
         * @since 0.4
         */
        CHECKPOINT
    }

    /**
     * Checks the fields and copies {@code attributes}.
     *
     * @param session the session
     * @param version the version; at least 1
     * @param current whether it is current
     * @param savedAt when it was published
     * @param savedBy who published it, or {@code null}
     * @param sizeBytes file bytes
     * @param fileCount regular files
     * @param browserVersion browser version, or {@code null}
     * @param attributes attributes, or {@code null} for none
     * @param origin how it came to be
     * @param originSession the session it was forked from, or {@code null}
     * @param originVersion the version it copies, or {@code null}
     * @param manifestId its manifest's id
     */
    public SnapshotInfo {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(savedAt, "savedAt");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(manifestId, "manifestId");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
