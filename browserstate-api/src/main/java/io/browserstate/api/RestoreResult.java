package io.browserstate.api;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What one restore did.
 *
 * @param id the session
 * @param version the head version that was restored, or 0 when the session did not exist and an
 *     empty profile was created on purpose
 * @param snapshotId the restored manifest's id, or {@code null} for a new session
 * @param directory where the profile now is
 * @param fileCount regular files written
 * @param totalBytes bytes written
 * @param bytesRead bytes fetched from the store
 * @param duration wall-clock time of the restore
 * @param browserVersion the browser that wrote the restored snapshot, or {@code null} when unknown (or
 *     the session is new)
 * @param bytesReused bytes of the restored files taken from a local seed (an older copy of the profile)
 *     after their content hashed to the snapshot's chunks, instead of being fetched
 * @since 0.1
 */
public record RestoreResult(
        SessionId id,
        long version,
        @Nullable String snapshotId,
        Path directory,
        long fileCount,
        long totalBytes,
        long bytesRead,
        Duration duration,
        @Nullable String browserVersion,
        long bytesReused) {

    /**
     * A result that reused nothing from a seed.
     *
     * @param id the session
     * @param version the head version that was restored, or 0 for a new session
     * @param snapshotId the restored manifest's id, or {@code null} for a new session
     * @param directory where the profile now is
     * @param fileCount regular files written
     * @param totalBytes bytes written
     * @param bytesRead bytes fetched from the store
     * @param duration wall-clock time of the restore
     * @param browserVersion the browser that wrote the restored snapshot, or {@code null}
     */
    public RestoreResult(SessionId id, long version, @Nullable String snapshotId, Path directory, long fileCount, long totalBytes, long bytesRead,
            Duration duration, @Nullable String browserVersion) {
        this(id, version, snapshotId, directory, fileCount, totalBytes, bytesRead, duration, browserVersion, 0);
    }

    /**
     * A result without a browser version.
     *
     * @param id the session
     * @param version the head version that was restored, or 0 for a new session
     * @param snapshotId the restored manifest's id, or {@code null} for a new session
     * @param directory where the profile now is
     * @param fileCount regular files written
     * @param totalBytes bytes written
     * @param bytesRead bytes fetched from the store
     * @param duration wall-clock time of the restore
     */
    public RestoreResult(SessionId id, long version, @Nullable String snapshotId, Path directory, long fileCount, long totalBytes, long bytesRead,
            Duration duration) {
        this(id, version, snapshotId, directory, fileCount, totalBytes, bytesRead, duration, null);
    }
}
