package io.browserstate.tck;

import io.browserstate.api.SessionId;
import io.browserstate.api.SessionPage;
import io.browserstate.core.ForwardingStorageProvider;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.SessionHead;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.Lease;
import io.browserstate.spi.StorageProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A writer's provider that freezes the whole writer, as SIGSTOP or a long GC pause would, right after
 * its save has published and renewed its lease: from its next call on (the start of its garbage
 * collection) every call, background lease renewals included, blocks until {@link #release()}.
 */
final class StalledWriter extends ForwardingStorageProvider {
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean published;
    private volatile boolean stalled;

    StalledWriter(StorageProvider delegate) {
        super(delegate);
    }

    /** Whether the writer is frozen now. */
    boolean stalled() {
        return stalled;
    }

    /** Lets every blocked call go on. */
    void release() {
        released.countDown();
    }

    private void pause(boolean renewal) {
        if (published && !renewal) {
            stalled = true;
        }
        if (stalled) {
            try {
                released.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public HeadUpdate compareAndSetHead(SessionId s, long v, Head h, @Nullable Lease l, @Nullable Instant by) {
        pause(false);
        HeadUpdate done = super.compareAndSetHead(s, v, h, l, by);
        published |= done.published();
        return done;
    }

    @Override public Optional<Lease> renewLease(Lease l, Duration t) { pause(true); return super.renewLease(l, t); }
    @Override public Instant time() { pause(false); return super.time(); }
    @Override public Set<String> claimBlobs(BlobSpace s, Collection<String> ids) { pause(false); return super.claimBlobs(s, ids); }
    @Override public void putBlobs(BlobSpace s, List<Blob> blobs) { pause(false); super.putBlobs(s, blobs); }
    @Override public List<byte @Nullable []> getBlobs(BlobSpace s, List<String> ids) { pause(false); return super.getBlobs(s, ids); }
    @Override public Map<String, Instant> listBlobs(BlobSpace s) { pause(false); return super.listBlobs(s); }
    @Override public long deleteBlobs(BlobSpace s, Collection<String> ids, Instant before) { pause(false); return super.deleteBlobs(s, ids, before); }
    @Override public Optional<Head> readHead(SessionId s) { pause(false); return super.readHead(s); }
    @Override public void touch(SessionId s, Instant at) { pause(false); super.touch(s, at); }
    @Override public void releaseLease(Lease l) { pause(false); super.releaseLease(l); }
    @Override public SessionPage<SessionHead> listSessions(String u, @Nullable String c, int n) { pause(false); return super.listSessions(u, c, n); }
    @Override public boolean deleteSession(SessionId s, @Nullable Lease l) { pause(false); return super.deleteSession(s, l); }
}
