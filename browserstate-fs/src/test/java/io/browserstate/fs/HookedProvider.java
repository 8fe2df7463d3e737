package io.browserstate.fs;

import io.browserstate.api.SessionId;
import io.browserstate.api.SessionPage;
import io.browserstate.spi.Blob;
import io.browserstate.spi.Head;
import io.browserstate.spi.Lease;
import io.browserstate.spi.ProviderCapabilities;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A real provider with a hook that runs once, just before the first blob read: lets a test make
 * something happen at a precise point of a restore. Every call goes to the real store.
 */
final class HookedProvider implements StorageProvider {
    private final StorageProvider real;
    private Runnable beforeFirstRead;
    private boolean reportCasAsFailed;

    HookedProvider(StorageProvider real, Runnable beforeFirstRead) {
        this.real = real;
        this.beforeFirstRead = beforeFirstRead;
    }

    @Override
    public synchronized List<byte[]> getBlobs(SessionId session, List<String> ids) {
        Runnable hook = beforeFirstRead;
        beforeFirstRead = null;
        if (hook != null) {
            hook.run();
        }
        return real.getBlobs(session, ids);
    }

    @Override public ProviderCapabilities capabilities() { return real.capabilities(); }
    @Override public String describe() { return real.describe(); }
    @Override public Set<String> missingBlobs(SessionId s, Collection<String> ids) { return real.missingBlobs(s, ids); }
    @Override public void putBlobs(SessionId s, List<Blob> blobs) { real.putBlobs(s, blobs); }
    @Override public Set<String> listBlobs(SessionId s) { return real.listBlobs(s); }
    @Override public void deleteBlobs(SessionId s, Collection<String> ids) { real.deleteBlobs(s, ids); }
    @Override public Optional<Head> readHead(SessionId s) { return real.readHead(s); }
    /** From now on a compare-and-set is carried out but reported as failed, like a reply lost with its connection. */
    HookedProvider loseCasReplies() {
        reportCasAsFailed = true;
        return this;
    }

    @Override
    public boolean compareAndSetHead(SessionId s, long v, Head h, Lease l) {
        boolean done = real.compareAndSetHead(s, v, h, l);
        return done && !reportCasAsFailed;
    }
    @Override public void touch(SessionId s, Instant at) { real.touch(s, at); }
    @Override public Optional<Lease> tryAcquireLease(SessionId s, String o, Duration t) { return real.tryAcquireLease(s, o, t); }
    @Override public Optional<Lease> renewLease(Lease l, Duration t) { return real.renewLease(l, t); }
    @Override public void releaseLease(Lease l) { real.releaseLease(l); }
    @Override public SessionPage<SessionId> listSessions(String u, String c, int n) { return real.listSessions(u, c, n); }
    @Override public boolean deleteSession(SessionId s) { return real.deleteSession(s); }
    @Override public StorageStats stats() { return real.stats(); }
    @Override public void close() { real.close(); }
}
