package io.browserstate.core.internal;

import io.browserstate.api.GarbageReport;
import io.browserstate.api.SessionId;
import io.browserstate.api.StoreUsage;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import io.browserstate.spi.SessionHead;
import io.browserstate.spi.StorageProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mark and sweep over one user's shared space, safe while other workers save, fork, roll back and
 * delete, without a lock:
 *
 * <ol>
 *   <li>read the store's clock {@code T} first;</li>
 *   <li>mark: every blob that a kept snapshot of any of the user's sessions references (records,
 *       manifests, their parts, chunks), read after {@code T};</li>
 *   <li>sweep: delete the unmarked blobs whose last claim is before {@code T - gcGrace}, each checked
 *       and deleted atomically by the provider.</li>
 * </ol>
 *
 * <p>Why nothing in use goes: a writer claims every blob its snapshot references (stamping it with the
 * store's clock) before publishing, and its compare-and-set is refused once the store's clock passes
 * the grace period (less a margin for clock skew) after its first claim. A snapshot this collection did not see was published
 * after the mark read its session, so after {@code T}; its blobs were claimed less than the grace
 * period before that, so after {@code T - gcGrace}, and are kept. A fork or rollback claims the blobs
 * of the snapshot it copies in the same way. A deleted session's blobs go once no kept snapshot of
 * another session references them.
 */
final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private static final int PAGE = 500;
    private static final int CACHED_MANIFESTS = 256;

    private final StorageProvider provider;
    private final ManifestStore manifests;
    private final Duration grace;
    /** The blob ids each manifest occupies and references, by manifest id: manifests never change. */
    private final Map<String, Set<String>> referenced = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > CACHED_MANIFESTS;
        }
    });

    /** When this engine last collected each user's space (System.nanoTime), bounded like a cache. */
    private final Map<String, Long> lastCollected = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 10_000;
        }
    });

    GarbageCollector(StorageProvider provider, ManifestStore manifests, Duration grace) {
        this.provider = provider;
        this.manifests = manifests;
        this.grace = grace;
    }

    /** Remembers what a manifest just stored references, so that the next collection need not load it. */
    void remember(String manifestId, Manifest manifest) {
        referenced.put(manifestId, Set.copyOf(ManifestStore.blobIds(manifestId, manifest)));
    }

    /**
     * Collects the user's shared space.
     *
     * @throws io.browserstate.api.CorruptDataException when a kept snapshot cannot be read: nothing is
     *     deleted then, since what it references is unknown
     */
    GarbageReport collect(String userId) {
        BlobSpace space = BlobSpace.shared(userId);
        Instant cutoff = provider.time().minus(grace);
        Set<String> marked = new HashSet<>();
        long sessions = 0;
        long snapshots = 0;
        for (SessionHead sh : UserSessions.of(provider, userId, PAGE)) {
            Head head = sh.head();
            if (head.format() != 2) {
                continue;
            }
            sessions++;
            snapshots += 1 + head.history().size();
            marked.addAll(referencedByHead(sh.id(), space, head));
        }
        Map<String, Instant> stored = provider.listBlobs(space);
        List<String> garbage = new ArrayList<>();
        long inGrace = 0;
        long referencedStored = 0;
        for (Map.Entry<String, Instant> e : stored.entrySet()) {
            if (marked.contains(e.getKey())) {
                referencedStored++;
            } else if (e.getValue().isBefore(cutoff)) {
                garbage.add(e.getKey());
            } else {
                inGrace++;
            }
        }
        long deleted = garbage.isEmpty() ? 0 : provider.deleteBlobs(space, garbage, cutoff);
        inGrace += garbage.size() - deleted;
        GarbageReport report = new GarbageReport(userId, sessions, snapshots, stored.size(), referencedStored, deleted, inGrace);
        LOG.atDebug().setMessage(() -> "Collected " + space + ": " + report).log();
        return report;
    }

    /**
     * Measures the user's shared space without changing it: the same mark as {@link #collect}, with
     * each kept snapshot's logical bytes and each distinct chunk's counted once, then the stored size of
     * every blob the space holds, when the provider can tell.
     */
    StoreUsage usage(String userId) {
        BlobSpace space = BlobSpace.shared(userId);
        Set<String> marked = new HashSet<>();
        Map<String, Long> chunkLengths = new HashMap<>();
        long sessions = 0;
        long legacy = 0;
        long snapshots = 0;
        long files = 0;
        long bytes = 0;
        long keptBytes = 0;
        for (SessionHead sh : UserSessions.of(provider, userId, PAGE)) {
            sessions++;
            Head head = sh.head();
            if (head.format() != 2) {
                legacy++;
                continue;
            }
            files += head.fileCount();
            bytes += head.sizeBytes();
            List<String> records = new ArrayList<>(head.history().size() + 1);
            records.add(head.snapshotId());
            records.addAll(head.history());
            for (String recordId : records) {
                SnapshotRecord record = manifests.loadRecord(sh.id(), space, recordId);
                snapshots++;
                keptBytes += record.sizeBytes();
                marked.add(recordId);
                Manifest manifest = manifests.load(sh.id(), space, record.manifest());
                marked.addAll(ManifestStore.blobIds(record.manifest(), manifest));
                chunkLengths.putAll(ManifestStore.chunkLengths(manifest));
            }
        }
        long unique = chunkLengths.values().stream().mapToLong(Long::longValue).sum();
        Set<String> stored = provider.listBlobs(space).keySet();
        long referenced = stored.stream().filter(marked::contains).count();
        OptionalLong bytesStored = OptionalLong.empty();
        OptionalLong bytesReferenced = OptionalLong.empty();
        try {
            Map<String, Long> sizes = provider.blobSizes(space, stored);
            bytesStored = OptionalLong.of(sizes.values().stream().mapToLong(Long::longValue).sum());
            bytesReferenced = OptionalLong.of(sizes.entrySet().stream().filter(e -> marked.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum());
        } catch (UnsupportedOperationException e) {
            LOG.debug("{}: stored sizes unknown", provider.describe(), e);
        }
        return new StoreUsage(userId, sessions, legacy, snapshots, files, bytes, keptBytes, unique, stored.size(), referenced,
                bytesStored, bytesReferenced);
    }

    /**
     * Collects after a save, fork or rollback published, when this engine has not collected the user's
     * space for half a grace period: blobs dropped from a history, orphans of saves that never published
     * and blobs that were in their grace period go then, so a busy user's space is not listed on every
     * save. Half, not a whole one: grace is counted on the store's clock and this pause on the local one,
     * and the two drift apart (NTP slews a clock by up to 500 ppm), so a whole local grace period could
     * end a moment after the store's and skip the save that should have collected. Never fails the caller.
     */
    long collectAfterPublish(String userId) {
        long now = System.nanoTime();
        Long last = lastCollected.get(userId);
        if (last != null && now - last < grace.toNanos() / 2) {
            return 0;
        }
        lastCollected.put(userId, now);
        return collectQuietly(userId);
    }

    /** {@link #collect} for after a save: never fails the save; a failure is logged and the next collection retries. */
    long collectQuietly(String userId) {
        try {
            return collect(userId).blobsDeleted();
        } catch (RuntimeException e) {
            LOG.warn("Garbage collection of the shared space of user " + userId
                    + " failed; unreferenced blobs stay until the next collection", e);
            return 0;
        }
    }

    /** Every blob id the kept snapshots of a format-2 head reference: their records, manifests, parts and chunks. */
    Set<String> referencedByHead(SessionId id, BlobSpace space, Head head) {
        Set<String> ids = new HashSet<>();
        List<String> records = new ArrayList<>(head.history().size() + 1);
        records.add(head.snapshotId());
        records.addAll(head.history());
        for (String recordId : records) {
            ids.add(recordId);
            ids.addAll(referencedBy(id, space, manifests.loadRecord(id, space, recordId).manifest()));
        }
        return ids;
    }

    /** The blob ids a manifest occupies and references, from the cache or loaded once. */
    Set<String> referencedBy(SessionId id, BlobSpace space, String manifestId) {
        Set<String> ids = referenced.get(manifestId);
        if (ids == null) {
            ids = Set.copyOf(ManifestStore.blobIds(manifestId, manifests.load(id, space, manifestId)));
            referenced.put(manifestId, ids);
        }
        return ids;
    }
}
