package io.browserstate.fs;

import io.browserstate.api.SessionId;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.Lease;
import io.browserstate.spi.StorageProvider;
import io.browserstate.core.ForwardingStorageProvider;
import java.time.Instant;
import java.util.List;

/**
 * A real provider with a hook that runs once, just before the first blob read: lets a test make
 * something happen at a precise point of a restore. Every call goes to the real store.
 */
final class HookedProvider extends ForwardingStorageProvider {
    private Runnable beforeFirstRead;
    private volatile boolean reportCasAsFailed;

    HookedProvider(StorageProvider real, Runnable beforeFirstRead) {
        super(real);
        this.beforeFirstRead = beforeFirstRead;
    }

    @Override
    public List<byte[]> getBlobs(BlobSpace session, List<String> ids) {
        Runnable hook;
        synchronized (this) {
            hook = beforeFirstRead;
            beforeFirstRead = null;
        }
        if (hook != null) {
            hook.run();
        }
        return super.getBlobs(session, ids);
    }

    /** From now on a compare-and-set is carried out but reported as failed, like a reply lost with its connection. */
    HookedProvider loseCasReplies() {
        reportCasAsFailed = true;
        return this;
    }

    @Override
    public HeadUpdate compareAndSetHead(SessionId s, long v, Head h, Lease l, Instant by) {
        HeadUpdate done = super.compareAndSetHead(s, v, h, l, by);
        // a resent command finds the version it had itself moved
        return done.published() && reportCasAsFailed ? HeadUpdate.VERSION_MOVED : done;
    }
}
