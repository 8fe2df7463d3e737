package io.browserstate.core;

import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Blob;
import io.browserstate.spi.StorageProvider;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the blob bytes and blobs that cross a provider's boundary, identically for every provider, so
 * that no provider keeps counters of its own. Wrap a provider and hand the wrapper to
 * {@link BrowserState#create}; read {@link #stats()} before and after an operation.
 *
 * @since 0.2
 */
public final class CountingStorageProvider extends ForwardingStorageProvider {
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder blobsWritten = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder blobsRead = new LongAdder();

    /**
     * Wraps a provider, with every counter at zero.
     *
     * @param delegate the provider every call is passed to
     */
    public CountingStorageProvider(StorageProvider delegate) {
        super(delegate);
    }

    /**
     * The counters since this wrapper was made.
     *
     * @return a snapshot of the counters
     */
    public StorageStats stats() {
        return new StorageStats(bytesWritten.sum(), blobsWritten.sum(), bytesRead.sum(), blobsRead.sum());
    }

    @Override
    public void putBlobs(BlobSpace session, List<Blob> blobs) {
        super.putBlobs(session, blobs);
        for (Blob b : blobs) {
            bytesWritten.add(b.data().length);
        }
        blobsWritten.add(blobs.size());
    }

    @Override
    public List<byte[]> getBlobs(BlobSpace session, List<String> ids) {
        List<byte[]> got = super.getBlobs(session, ids);
        for (byte[] b : got) {
            if (b != null) {
                bytesRead.add(b.length);
                blobsRead.increment();
            }
        }
        return got;
    }

    @Override
    public String toString() {
        return "Counting[" + delegate() + "]";
    }
}
