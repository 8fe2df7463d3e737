package io.browserstate.api;

import java.time.Duration;
import java.util.List;

/**
 * What one save did: what it published and what it cost.
 *
 * @param id the session
 * @param version the head version the save published
 * @param snapshotId the id of the published manifest
 * @param fileCount regular files in the snapshot
 * @param totalBytes bytes of those files (uncompressed)
 * @param chunkCount content chunks the snapshot references
 * @param blobsWritten blobs this save uploaded (chunks the store did not have, plus the manifest and the snapshot record)
 * @param bytesWritten bytes this save uploaded (after compression), manifest and snapshot record included
 * @param blobsReused chunks already present in the store and not sent again
 * @param skipped files that were left out although no rule excludes them, each with its reason
 * @param excluded the top-most paths left out by exclusion rules ({@code defaultExcludes}, {@code excludes});
 *     Chromium's lock files, which are never saved, are not listed
 * @param garbageCollected blobs deleted because no retained snapshot references them any more
 * @param duration wall-clock time of the save
 * @since 0.1
 */
public record SaveResult(
        SessionId id,
        long version,
        String snapshotId,
        long fileCount,
        long totalBytes,
        long chunkCount,
        long blobsWritten,
        long bytesWritten,
        long blobsReused,
        List<SkippedFile> skipped,
        List<String> excluded,
        long garbageCollected,
        Duration duration) {

    /**
     * Copies {@code skipped} and {@code excluded}.
     *
     * @param id the session
     * @param version the head version the save published
     * @param snapshotId the id of the published manifest
     * @param fileCount regular files in the snapshot
     * @param totalBytes bytes of those files (uncompressed)
     * @param chunkCount content chunks the snapshot references
     * @param blobsWritten blobs this save uploaded
     * @param bytesWritten bytes this save uploaded (after compression), manifest included
     * @param blobsReused chunks already present in the store and not sent again
     * @param skipped files left out although no rule excludes them, each with its reason
     * @param excluded the top-most paths left out by exclusion rules
     * @param garbageCollected blobs deleted because no retained snapshot references them any more
     * @param duration wall-clock time of the save
     */
    public SaveResult {
        skipped = List.copyOf(skipped);
        excluded = List.copyOf(excluded);
    }
}
