package io.browserstate.core.internal;

import io.browserstate.api.SessionId;
import io.browserstate.spi.Head;
import io.browserstate.spi.StorageProvider;
import java.util.HashSet;
import java.util.Set;

/**
 * Deletes the blobs of a session that no retained snapshot references, after a save. Never fails a
 * save.
 *
 * <p>Safe against a stale view: it runs only while the session's head is still the one the save
 * published, and the provider deletes only while the save's lease is the session's current lease,
 * atomically with that check. A writer that stalled past its lease (GC pause, SIGSTOP) and wakes up to
 * collect is refused, so it never deletes what the lease's next holder published or reuses. Without a
 * lease (a provider without leases) nothing is collected.
 */
final class GarbageCollector {
    private static final System.Logger LOG = System.getLogger(GarbageCollector.class.getName());

    private final StorageProvider provider;
    private final ManifestStore manifests;

    GarbageCollector(StorageProvider provider, ManifestStore manifests) {
        this.provider = provider;
        this.manifests = manifests;
    }

    /** Collects after {@code head} was published from {@code base}; returns how many blobs were deleted. */
    long collect(SessionId id, Head head, Manifest current, SnapshotEngine.Base base, LeaseKeeper lease) {
        if (lease == null) {
            return 0;
        }
        try {
            Set<String> reachable = new HashSet<>();
            reachable.add(head.manifestId());
            addBlobs(reachable, current);
            for (String older : head.history()) {
                reachable.add(older);
                Manifest m = base.head() != null && older.equals(base.head().manifestId()) ? base.manifest() : manifests.load(id, older);
                addBlobs(reachable, m);
            }
            if (!provider.readHead(id).map(h -> h.version() == head.version() && h.manifestId().equals(head.manifestId())).orElse(false)) {
                LOG.log(System.Logger.Level.INFO, () -> "Session " + id + " moved past version " + head.version() + "; its newer writer collects garbage");
                return 0;
            }
            Set<String> garbage = new HashSet<>(provider.listBlobs(id));
            garbage.removeAll(reachable);
            if (garbage.isEmpty()) {
                return 0;
            }
            if (!provider.deleteBlobs(id, garbage, lease.lease())) {
                LOG.log(System.Logger.Level.WARNING, () -> "Garbage collection of " + id + " stopped: the lease is no longer this writer's,"
                        + " so nothing more is deleted from its view");
                return 0;
            }
            return garbage.size();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Garbage collection of " + id + " failed; unreferenced blobs stay until the next save", e);
            return 0;
        }
    }

    private static void addBlobs(Set<String> into, Manifest m) {
        if (m.parts() != null) {
            into.addAll(m.parts());
        }
        for (Manifest.Entry e : m.entries()) {
            if (e.chunks() != null) {
                into.addAll(e.chunks());
            }
        }
    }
}
