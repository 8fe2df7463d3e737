package io.browserstate.legacy;

import io.browserstate.api.SessionId;
import io.browserstate.api.SkippedFile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one write of a legacy ZIP value stored.
 *
 * @param id the session
 * @param key the Redis key written
 * @param sha256 SHA-256 of the stored value (the base64 text)
 * @param timestamp the time recorded in the metadata
 * @param valueBytes length of the stored value
 * @param fileCount regular files archived
 * @param directoryCount directory entries archived
 * @param symlinkCount link entries archived
 * @param totalBytes bytes of file content archived
 * @param skipped entries left out, each with its reason ({@code Singleton*}, links leaving the profile,
 *     sockets and other special files)
 * @param ttl the expiry set on both keys, or {@code null} for none
 * @since 0.1
 */
public record LegacyWriteResult(
        SessionId id,
        String key,
        String sha256,
        Instant timestamp,
        long valueBytes,
        long fileCount,
        long directoryCount,
        long symlinkCount,
        long totalBytes,
        List<SkippedFile> skipped,
        Duration ttl) {

    /**
     * Creates a result; {@code skipped} is copied.
     *
     * @param id the session
     * @param key the Redis key written
     * @param sha256 SHA-256 of the stored value (the base64 text)
     * @param timestamp the time recorded in the metadata
     * @param valueBytes length of the stored value
     * @param fileCount regular files archived
     * @param directoryCount directory entries archived
     * @param symlinkCount link entries archived
     * @param totalBytes bytes of file content archived
     * @param skipped entries left out, each with its reason; not {@code null}
     * @param ttl the expiry set on both keys, or {@code null} for none
     */
    public LegacyWriteResult {
        skipped = List.copyOf(skipped);
    }
}
