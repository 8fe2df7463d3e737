package io.browserstate.core.internal;

import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.spi.Lease;
import io.browserstate.spi.StorageProvider;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds a session's lease from the moment it is taken until it is given back, renewing it every third
 * of its time to live: through a long restore, a long save, and the life of a mount.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());

    private final StorageProvider provider;
    private final Duration ttl;
    private final ScheduledFuture<?> renewal;
    private volatile Lease lease;
    private volatile boolean lost;
    private boolean closed;

    private LeaseKeeper(StorageProvider provider, Lease lease, Duration ttl, ScheduledExecutorService scheduler) {
        this.provider = provider;
        this.lease = lease;
        this.ttl = ttl;
        long period = Math.max(250, ttl.toMillis() / 3);
        this.renewal = scheduler.scheduleAtFixedRate(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease and starts renewing it.
     *
     * @throws SessionConflictException when another owner holds it
     */
    static LeaseKeeper acquire(StorageProvider provider, SessionId id, String owner, Duration ttl, ScheduledExecutorService scheduler) {
        Lease lease = provider.tryAcquireLease(id, owner, ttl).orElseThrow(() -> new SessionConflictException(id,
                "Session " + id + " is in use: another worker holds its lease (it lapses after at most " + ttl + " unless renewed)"));
        try {
            return new LeaseKeeper(provider, lease, ttl, scheduler);
        } catch (RuntimeException e) {
            provider.releaseLease(lease);
            throw e;
        }
    }

    /** The lease as last renewed. */
    Lease lease() {
        return lease;
    }

    /** Whether a renewal found the lease taken over or gone. */
    boolean lost() {
        return lost;
    }

    /** Renews now; returns whether the lease is still held. Never throws for a store failure: it says false. */
    synchronized boolean renewNow() {
        if (lost || closed) {
            return false;
        }
        try {
            Optional<Lease> renewed = provider.renewLease(lease, ttl);
            if (renewed.isPresent()) {
                lease = renewed.get();
                return true;
            }
            lost = true;
            LOG.log(System.Logger.Level.WARNING, "Lost the lease of " + lease.sessionId() + "; the next save will be refused");
            return false;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not renew the lease of " + lease.sessionId() + "; retrying", e);
            return false;
        }
    }

    private void renewQuietly() {
        renewNow();
    }

    /** Stops renewing and gives the lease back. Idempotent; a failure to release is logged (the lease lapses). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        renewal.cancel(false);
        try {
            provider.releaseLease(lease);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not release the lease of " + lease.sessionId() + "; it lapses after " + ttl, e);
        }
    }
}
