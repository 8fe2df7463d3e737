package io.browserstate.legacy;

import io.browserstate.api.SessionId;
import io.browserstate.api.SkippedFile;

import java.time.Instant;
import java.util.List;

/**
 * What a migration did (or, in a dry run, would do) with one legacy session.
 *
 * @param id the session
 * @param action the outcome
 * @param format the legacy value's format, or {@code null} when it could not be read
 * @param legacySha256 SHA-256 of the legacy value as stored, or {@code null} when it could not be read
 * @param legacyTimestamp when the legacy value was written (from its metadata or seed document), or {@code null}
 * @param fileCount regular files in the legacy value (0 when not read)
 * @param totalBytes bytes of those files
 * @param nativeVersion the native head version after this step (0 when there is no native session)
 * @param legacyDeleted whether the legacy keys were deleted
 * @param detail a sentence saying why, for reports and logs
 * @param leftOut what the native copy does not hold: every skipped file and every path excluded by the
 *     store's exclusion rules (empty when nothing was left out, or nothing was saved)
 * @since 0.1
 */
public record MigrationResult(
        SessionId id,
        Action action,
        LegacyFormat format,
        String legacySha256,
        Instant legacyTimestamp,
        long fileCount,
        long totalBytes,
        long nativeVersion,
        boolean legacyDeleted,
        String detail,
        List<SkippedFile> leftOut) {

    /**
     * Creates a result; {@code leftOut} is copied, and {@code null} counts as empty.
     *
     * @param id the session
     * @param action the outcome
     * @param format the legacy value's format, or {@code null} when it could not be read
     * @param legacySha256 SHA-256 of the legacy value as stored, or {@code null} when it could not be read
     * @param legacyTimestamp when the legacy value was written, or {@code null}
     * @param fileCount regular files in the legacy value (0 when not read)
     * @param totalBytes bytes of those files
     * @param nativeVersion the native head version after this step (0 when there is no native session)
     * @param legacyDeleted whether the legacy keys were deleted
     * @param detail a sentence saying why, for reports and logs
     * @param leftOut what the native copy does not hold, or {@code null} for nothing
     */
    public MigrationResult {
        leftOut = leftOut == null ? List.of() : List.copyOf(leftOut);
    }

    /** The outcome for one session. */
    public enum Action {
        /** The legacy content was saved as a new native snapshot. */
        MIGRATED,
        /** Dry run: the legacy value is readable and would be migrated. */
        WOULD_MIGRATE,
        /** The native session already holds exactly this legacy value; nothing to do. */
        UP_TO_DATE,
        /** The native session is newer than the legacy value (or their order is unknown); left alone. */
        SKIPPED_NATIVE_NEWER,
        /** The legacy value is corrupt or hostile, or a store failed; the message says which. */
        FAILED
    }

    /**
     * Whether this step changed, or in a dry run would change, the native store.
     *
     * @return {@code true} for {@link Action#MIGRATED} and {@link Action#WOULD_MIGRATE}
     */
    public boolean changesNative() {
        return action == Action.MIGRATED || action == Action.WOULD_MIGRATE;
    }
}
