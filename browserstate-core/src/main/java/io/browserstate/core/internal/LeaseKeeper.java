package io.browserstate.core.internal;

import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.spi.Lease;
import io.browserstate.spi.StorageProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a session's lease from the moment it is taken until it is given back, renewing it every third
 * of its time to live: through a long restore, a long save, and the life of a mount. A manager's leases
 * are all taken under one owner name, so that a lease it lost track of (its release failed, a failover
 * brought it back) is taken again at once; the sessions it holds right now are kept apart in
 * {@code heldHere}, so that two of its own mounts or saves still exclude each other. A release that fails
 * is retried in the background until it succeeds or the lease would have lapsed anyway.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private static final long RELEASE_RETRY_MS = 1000;

    private final StorageProvider provider;
    private final Duration ttl;
    private final ScheduledExecutorService scheduler;
    private final Set<SessionId> heldHere;
    private final ScheduledFuture<?> renewal;
    private volatile Lease lease;
    private volatile boolean lost;
    private boolean closed;

    private LeaseKeeper(StorageProvider provider, Lease lease, Duration ttl, ScheduledExecutorService scheduler, Set<SessionId> heldHere) {
        this.provider = provider;
        this.lease = lease;
        this.ttl = ttl;
        this.scheduler = scheduler;
        this.heldHere = heldHere;
        long period = Math.max(250, ttl.toMillis() / 3);
        this.renewal = scheduler.scheduleAtFixedRate(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease and starts renewing it.
     *
     * @param heldHere the sessions the calling manager holds leases of right now; {@code id} is added
     * @throws SessionConflictException when another owner holds it, or this manager already does
     */
    static LeaseKeeper acquire(StorageProvider provider, SessionId id, String owner, Duration ttl, ScheduledExecutorService scheduler,
            Set<SessionId> heldHere) {
        if (!heldHere.add(id)) {
            throw new SessionConflictException(id, "Session " + id + " is in use in this process: a mount or save of the same manager"
                    + " holds its lease; close that mount (or wait for that save) first");
        }
        try {
            Lease lease = provider.tryAcquireLease(id, owner, ttl).orElseThrow(() -> new SessionConflictException(id,
                    "Session " + id + " is in use: " + holder(provider, id, ttl)));
            try {
                return new LeaseKeeper(provider, lease, ttl, scheduler, heldHere);
            } catch (RuntimeException e) {
                provider.releaseLease(lease);
                throw e;
            }
        } catch (RuntimeException e) {
            heldHere.remove(id);
            throw e;
        }
    }

    /**
     * Who holds the lease and when it lapses, as the store records it; a provider that cannot say (or
     * fails to) gets the generic sentence.
     */
    static String holder(StorageProvider provider, SessionId id, Duration ttl) {
        Optional<Lease> held;
        try {
            held = provider.readLease(id);
        } catch (RuntimeException e) {
            held = Optional.empty();
        }
        if (held.isEmpty()) {
            return "another worker holds its lease (it lapses after at most " + ttl + " unless renewed)";
        }
        Lease lease = held.get();
        Duration left = Duration.between(Instant.now(), lease.expiresAt());
        long seconds = Math.max(0, (left.toMillis() + 999) / 1000);
        return "its lease is held by '" + lease.owner() + "' until " + lease.expiresAt().truncatedTo(ChronoUnit.SECONDS)
                + " (in " + seconds + " s, unless its holder renews it; a holder that died stops renewing). Retry after that, or"
                + " close the holder's mount";
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
            LOG.warn("Lost the lease of " + lease.sessionId() + "; the next save will be refused");
            return false;
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the lease of " + lease.sessionId() + "; retrying", e);
            return false;
        }
    }

    private void renewQuietly() {
        renewNow();
    }

    /**
     * Stops renewing and gives the lease back. Idempotent. A failure to release is logged and the release
     * retried every second until it succeeds or the lease has lapsed; this manager itself may take the
     * session again meanwhile (same owner, new token).
     */
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
            LOG.warn("Could not release the lease of " + lease.sessionId() + "; retrying every "
                    + RELEASE_RETRY_MS + " ms until it lapses (after at most " + ttl + ")", e);
            retryRelease(lease, System.nanoTime() + ttl.toNanos());
        } finally {
            heldHere.remove(lease.sessionId());
        }
    }

    private void retryRelease(Lease left, long lapsesAt) {
        try {
            scheduler.schedule(() -> {
                try {
                    provider.releaseLease(left);
                    LOG.info("Released the lease of " + left.sessionId() + " once the store answered again");
                } catch (RuntimeException e) {
                    if (System.nanoTime() < lapsesAt) {
                        retryRelease(left, lapsesAt);
                    }
                }
            }, RELEASE_RETRY_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the manager is closing: the lease lapses on its own
        }
    }
}
