package io.browserstate.spi;

/**
 * Counters a provider keeps since it was opened: what actually crossed its boundary.
 *
 * @param bytesWritten blob bytes written (values only, not keys)
 * @param blobsWritten blobs written
 * @param bytesRead blob bytes read
 * @param blobsRead blobs read
 * @since 0.1
 */
public record StorageStats(long bytesWritten, long blobsWritten, long bytesRead, long blobsRead) {

    /** The counters accumulated since {@code earlier}. */
    public StorageStats minus(StorageStats earlier) {
        return new StorageStats(bytesWritten - earlier.bytesWritten, blobsWritten - earlier.blobsWritten,
                bytesRead - earlier.bytesRead, blobsRead - earlier.blobsRead);
    }
}
