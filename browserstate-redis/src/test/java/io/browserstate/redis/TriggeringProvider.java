package io.browserstate.redis;

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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Passes every call to the real Redis provider and, once armed, runs an action (stopping the real
 * redis-server) right after the next {@code putBlobs} has been written: the save is then in the middle
 * of its uploads. Not a mock: every byte goes to the real server.
 */
final class TriggeringProvider implements StorageProvider {

    private final StorageProvider delegate;
    private final AtomicReference<Runnable> afterNextPut = new AtomicReference<>();

    TriggeringProvider(StorageProvider delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code action} once, after the next {@code putBlobs} call returns. */
    void afterNextPut(Runnable action) {
        afterNextPut.set(action);
    }

    @Override
    public void putBlobs(SessionId session, List<Blob> blobs) {
        delegate.putBlobs(session, blobs);
        Runnable action = afterNextPut.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    @Override
    public ProviderCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public Set<String> missingBlobs(SessionId session, Collection<String> ids) {
        return delegate.missingBlobs(session, ids);
    }

    @Override
    public List<byte[]> getBlobs(SessionId session, List<String> ids) {
        return delegate.getBlobs(session, ids);
    }

    @Override
    public Set<String> listBlobs(SessionId session) {
        return delegate.listBlobs(session);
    }

    @Override
    public void deleteBlobs(SessionId session, Collection<String> ids) {
        delegate.deleteBlobs(session, ids);
    }

    @Override
    public Optional<Head> readHead(SessionId session) {
        return delegate.readHead(session);
    }

    @Override
    public boolean compareAndSetHead(SessionId session, long expectedVersion, Head next, Lease lease) {
        return delegate.compareAndSetHead(session, expectedVersion, next, lease);
    }

    @Override
    public void touch(SessionId session, Instant accessedAt) {
        delegate.touch(session, accessedAt);
    }

    @Override
    public Optional<Lease> tryAcquireLease(SessionId session, String owner, Duration ttl) {
        return delegate.tryAcquireLease(session, owner, ttl);
    }

    @Override
    public Optional<Lease> renewLease(Lease lease, Duration ttl) {
        return delegate.renewLease(lease, ttl);
    }

    @Override
    public void releaseLease(Lease lease) {
        delegate.releaseLease(lease);
    }

    @Override
    public SessionPage<SessionId> listSessions(String userId, String cursor, int limit) {
        return delegate.listSessions(userId, cursor, limit);
    }

    @Override
    public boolean deleteSession(SessionId session) {
        return delegate.deleteSession(session);
    }

    @Override
    public StorageStats stats() {
        return delegate.stats();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
