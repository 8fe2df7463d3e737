package io.browserstate.core;

/**
 * What crossed a provider's boundary since a {@link CountingStorageProvider} was made: blob values
 * only, counted the same way for every provider.
 *
 * @param bytesWritten blob bytes written (values only, not keys)
 * @param blobsWritten blobs written
 * @param bytesRead blob bytes read
 * @param blobsRead blobs read
 * @since 0.1
 */
public record StorageStats(long bytesWritten, long blobsWritten, long bytesRead, long blobsRead) {

    /**
     * The counters accumulated since {@code earlier}.
     *
     * @param earlier a snapshot taken before this one, from the same wrapper
     * @return the difference of each counter
     */
    public StorageStats minus(StorageStats earlier) {
        return new StorageStats(bytesWritten - earlier.bytesWritten, blobsWritten - earlier.blobsWritten,
                bytesRead - earlier.bytesRead, blobsRead - earlier.blobsRead);
    }
}
