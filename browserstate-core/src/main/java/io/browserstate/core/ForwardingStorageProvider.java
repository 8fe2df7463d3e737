package io.browserstate.core;

import io.browserstate.api.SessionId;
import io.browserstate.api.SessionPage;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.Lease;
import io.browserstate.spi.ProviderCapabilities;
import io.browserstate.spi.SessionHead;
import io.browserstate.spi.StorageProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A provider that passes every call to another one: extend it and override the calls a decorator
 * counts or changes, or that a test needs to watch, delay or break at a precise moment.
 *
 * @since 0.2
 */
public class ForwardingStorageProvider implements StorageProvider {
    private final StorageProvider delegate;

    /**
     * Wraps a provider.
     *
     * @param delegate the provider every call is passed to
     */
    public ForwardingStorageProvider(StorageProvider delegate) {
        this.delegate = delegate;
    }

    /**
     * The real provider.
     *
     * @return the provider every call is passed to
     */
    protected StorageProvider delegate() {
        return delegate;
    }

    @Override public ProviderCapabilities capabilities() { return delegate.capabilities(); }
    @Override public String describe() { return delegate.describe(); }
    @Override public Instant time() { return delegate.time(); }
    @Override public Set<String> claimBlobs(BlobSpace s, Collection<String> ids) { return delegate.claimBlobs(s, ids); }
    @Override public void putBlobs(BlobSpace s, List<Blob> blobs) { delegate.putBlobs(s, blobs); }
    @Override public List<byte @Nullable []> getBlobs(BlobSpace s, List<String> ids) { return delegate.getBlobs(s, ids); }
    @Override public Map<String, Instant> listBlobs(BlobSpace s) { return delegate.listBlobs(s); }
    @Override public Map<String, Long> blobSizes(BlobSpace s, Collection<String> ids) { return delegate.blobSizes(s, ids); }
    @Override public long deleteBlobs(BlobSpace s, Collection<String> ids, Instant before) { return delegate.deleteBlobs(s, ids, before); }
    @Override public Optional<Head> readHead(SessionId s) { return delegate.readHead(s); }
    @Override public HeadUpdate compareAndSetHead(SessionId s, long v, Head h, @Nullable Lease l, @Nullable Instant by) {
        return delegate.compareAndSetHead(s, v, h, l, by);
    }
    @Override public void touch(SessionId s, Instant at) { delegate.touch(s, at); }
    @Override public Optional<Lease> tryAcquireLease(SessionId s, String o, Duration t) { return delegate.tryAcquireLease(s, o, t); }
    @Override public Optional<Lease> readLease(SessionId s) { return delegate.readLease(s); }
    @Override public Optional<Lease> renewLease(Lease l, Duration t) { return delegate.renewLease(l, t); }
    @Override public void releaseLease(Lease l) { delegate.releaseLease(l); }
    @Override public SessionPage<SessionHead> listSessions(String u, @Nullable String c, int n) { return delegate.listSessions(u, c, n); }
    @Override public SessionPage<String> listUsers(@Nullable String c, int n) { return delegate.listUsers(c, n); }
    @Override public boolean deleteSession(SessionId s, @Nullable Lease l) { return delegate.deleteSession(s, l); }
    @Override public void close() { delegate.close(); }
}
