package io.browserstate.legacy;

import io.browserstate.api.SessionId;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one restore of a legacy session wrote.
 *
 * @param id the session
 * @param format the value's format
 * @param legacySha256 SHA-256 of the value as stored
 * @param directory where the profile now is
 * @param fileCount regular files written
 * @param directoryCount directories created (implied ones included)
 * @param symlinkCount symbolic links created (all relative and inside {@code directory})
 * @param totalBytes bytes of file content written
 * @param valueBytes length of the stored value
 * @param dropped {@code Singleton*} entries left out
 * @param duration wall-clock time of the restore
 * @since 0.1
 */
public record LegacyRestoreResult(
        SessionId id,
        LegacyFormat format,
        String legacySha256,
        Path directory,
        long fileCount,
        long directoryCount,
        long symlinkCount,
        long totalBytes,
        long valueBytes,
        List<String> dropped,
        Duration duration) {

    /**
     * Creates a result; {@code dropped} is copied.
     *
     * @param id the session
     * @param format the value's format
     * @param legacySha256 SHA-256 of the value as stored
     * @param directory where the profile now is
     * @param fileCount regular files written
     * @param directoryCount directories created (implied ones included)
     * @param symlinkCount symbolic links created
     * @param totalBytes bytes of file content written
     * @param valueBytes length of the stored value
     * @param dropped {@code Singleton*} entries left out; not {@code null}
     * @param duration wall-clock time of the restore
     */
    public LegacyRestoreResult {
        dropped = List.copyOf(dropped);
    }
}
