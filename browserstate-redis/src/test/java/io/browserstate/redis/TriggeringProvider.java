package io.browserstate.redis;

import io.browserstate.api.SessionId;
import io.browserstate.spi.Blob;
import io.browserstate.spi.StorageProvider;
import io.browserstate.core.ForwardingStorageProvider;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Passes every call to the real Redis provider and, once armed, runs an action (stopping the real
 * redis-server) right after the next {@code putBlobs} has been written: the save is then in the middle
 * of its uploads. Not a mock: every byte goes to the real server.
 */
final class TriggeringProvider extends ForwardingStorageProvider {

    private final AtomicReference<Runnable> afterNextPut = new AtomicReference<>();

    TriggeringProvider(StorageProvider delegate) {
        super(delegate);
    }

    /** Runs {@code action} once, after the next {@code putBlobs} call returns. */
    void afterNextPut(Runnable action) {
        afterNextPut.set(action);
    }

    @Override
    public void putBlobs(io.browserstate.spi.BlobSpace session, List<Blob> blobs) {
        super.putBlobs(session, blobs);
        Runnable action = afterNextPut.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }
}
