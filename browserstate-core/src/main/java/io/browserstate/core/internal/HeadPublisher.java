package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.StorageProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a snapshot as the session's next head: its record, retention (which older snapshots stay
 * in the history), the next head's fields, the one compare-and-set with its deadline, and the check
 * for a reply that was lost although the head moved. Saves, rollbacks, forks and migrations all
 * publish through here.
 */
final class HeadPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(HeadPublisher.class);
    private static final int REMEMBERED_SESSIONS = 10_000;

    private final StorageProvider provider;
    private final BrowserStateOptions options;
    private final ManifestStore manifests;
    /**
     * The newest version this engine published of each session (bounded like a cache): a head older than
     * that went backwards (a failover to a replica that lagged, a store restored from a backup), and its
     * version numbers are not published again, so that no version number names two different snapshots.
     */
    private final Map<SessionId, Long> newestPublished = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<SessionId, Long> eldest) {
                    return size() > REMEMBERED_SESSIONS;
                }
            });

    /** What to publish: everything of the snapshot record but the version, which follows the head. */
    record Next(String manifestId, long sizeBytes, long fileCount, String browserVersion, Map<String, String> attributes,
            SnapshotInfo.Origin origin, SessionId originSession, Long originVersion) {
    }

    /** A published head, and what writing its snapshot record cost. */
    record Published(Head head, long blobsWritten, long bytesWritten) {
    }

    /** The store's clock passed the deadline before the compare-and-set: claim again and retry. */
    static final class DeadlinePassed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadlinePassed(SessionId id) {
            super("the publish deadline of " + id + " passed before its compare-and-set", null, false, false);
        }
    }

    HeadPublisher(StorageProvider provider, BrowserStateOptions options, ManifestStore manifests) {
        this.provider = provider;
        this.options = options;
        this.manifests = manifests;
    }

    /**
     * The latest store time at which a writer whose first claim was at {@code claimedAt} may publish:
     * the grace period, less a margin (a quarter of it, at most 10 s) for clocks of Cluster nodes that
     * disagree slightly.
     */
    Instant deadline(Instant claimedAt) {
        Duration margin = options.gcGrace().dividedBy(4);
        return claimedAt.plus(options.gcGrace()).minus(margin.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : margin);
    }

    private static final Duration MAX_MARGIN = Duration.ofSeconds(10);

    /**
     * Moves the head from {@code previous} (format 2, or {@code null} for a new session) to a new version
     * holding {@code next}.
     *
     * @param action what a conflict's message says was not done, e.g. {@code "saved"}
     * @param context appended to a conflict's message, e.g. what happened to the local profile
     * @throws SessionConflictException when another writer published first or the lease was lost
     * @throws DeadlinePassed when the store's clock passed {@code publishBy}
     */
    Published publish(SessionId id, Head previous, Next next, Instant now, LeaseKeeper lease, String savedBy, Instant publishBy,
            String action, String context) {
        BlobSpace space = BlobSpace.shared(id.userId());
        long version = nextVersion(id, previous);
        SnapshotRecord record = SnapshotRecord.of(version, next.manifestId(), now, savedBy, next.sizeBytes(), next.fileCount(),
                next.browserVersion(), next.attributes(), next.origin(), next.originSession(), next.originVersion(), id);
        ManifestStore.StoredRecord stored = manifests.storeRecord(id, space, record);
        String recordId = stored.id();
        List<String> kept = List.of();
        if (previous != null) {
            List<String> older = new ArrayList<>();
            // a checkpoint replaces the checkpoint before it, so that frequent ones do not push saves out of the history
            if (next.origin() != SnapshotInfo.Origin.CHECKPOINT || !isCheckpoint(id, space, previous.snapshotId())) {
                older.add(previous.snapshotId());
            }
            older.addAll(previous.history());
            kept = retain(id, space, older, now);
        }
        Head head = new Head(version, next.manifestId(), recordId, kept, previous == null ? now : previous.createdAt(), now, now,
                next.sizeBytes(), next.fileCount(), next.browserVersion(), next.attributes());
        casOrThrow(id, previous == null ? 0 : previous.version(), head, lease, publishBy, action, context);
        return new Published(head, stored.blobsWritten(), stored.bytesWritten());
    }

    /**
     * Republishes the session's current snapshot with retention applied to its history now: the same
     * version and current snapshot, a shorter history. Returns {@code null} when nothing was dropped.
     */
    Published prune(SessionId id, Head current, Instant now, LeaseKeeper lease) {
        BlobSpace space = BlobSpace.shared(id.userId());
        List<String> kept = retain(id, space, current.history(), now);
        if (kept.size() == current.history().size()) {
            return null;
        }
        Head head = new Head(current.version(), current.manifestId(), current.snapshotId(), kept, current.createdAt(), current.updatedAt(),
                current.accessedAt(), current.sizeBytes(), current.fileCount(), current.browserVersion(), current.attributes());
        casOrThrow(id, current.version(), head, lease, null, "pruned", "");
        return new Published(head, 0, 0);
    }

    /**
     * Publishes {@code head} in place of the head at {@code expectedVersion} (migrations republish a
     * session in format 2 at the same version).
     */
    void replace(SessionId id, long expectedVersion, Head head, LeaseKeeper lease, Instant publishBy, String action, String context) {
        casOrThrow(id, expectedVersion, head, lease, publishBy, action, context);
    }

    /**
     * The version to publish on top of {@code previous}: one more than it, or, when this engine published a
     * newer version than {@code previous} before (the head went backwards), one more than that.
     */
    private long nextVersion(SessionId id, Head previous) {
        long current = previous == null ? 0 : previous.version();
        Long newest = newestPublished.get(id);
        if (newest == null || newest <= current) {
            return current + 1;
        }
        LOG.warn("The head of session " + id + " went back from version " + newest + " to "
                + (previous == null ? "no head at all" : "version " + current) + ": the store lost saves that were acknowledged (a"
                + " failover to a replica that lagged, or a store restored from a backup; turn on the store's durability option to"
                + " wait for replicas). Publishing version " + (newest + 1) + " so that no version number names two snapshots");
        return newest + 1;
    }

    /** Forgets what this engine published of a session it deleted: a new session of the same id starts at version 1. */
    void forget(SessionId id) {
        newestPublished.remove(id);
    }

    private boolean isCheckpoint(SessionId id, BlobSpace space, String recordId) {
        return "checkpoint".equals(manifests.loadRecord(id, space, recordId).origin());
    }

    /** Of older snapshots (newest first), those retention keeps. */
    private List<String> retain(SessionId id, BlobSpace space, List<String> older, Instant now) {
        List<String> kept = new ArrayList<>();
        Instant oldest = options.keepFor() == null ? null : now.minus(options.keepFor());
        for (String recordId : older) {
            boolean keep = kept.size() < options.keepSnapshots() - 1 && !kept.contains(recordId);
            if (keep && oldest != null) {
                keep = !manifests.loadRecord(id, space, recordId).savedAtInstant().isBefore(oldest);
            }
            if (keep) {
                kept.add(recordId);
            }
        }
        return kept;
    }

    private void casOrThrow(SessionId id, long expectedVersion, Head next, LeaseKeeper lease, Instant publishBy, String action,
            String context) {
        HeadUpdate update = provider.compareAndSetHead(id, expectedVersion, next, lease == null ? null : lease.lease(), publishBy);
        if (update == HeadUpdate.DEADLINE_PASSED) {
            throw new DeadlinePassed(id);
        }
        if (update.published() || isPublished(id, next)) {
            newestPublished.merge(id, next.version(), Math::max);
        } else {
            throw new SessionConflictException(id, "Session " + id + " was not " + action + ": " + (update == HeadUpdate.LEASE_LOST
                    ? "its lease was lost (it lapsed, or another worker took it over)"
                    : "another writer published a version after " + expectedVersion + " first")
                    + ". The previous snapshot stays current" + (context.isEmpty() ? "." : "; " + context));
        }
    }

    /**
     * Whether {@code next} is the current head after all: a client that resends a command after a lost
     * connection can report a compare-and-set as failed although its first attempt succeeded.
     */
    private boolean isPublished(SessionId id, Head next) {
        return provider.readHead(id).filter(h -> h.version() == next.version() && h.manifestId().equals(next.manifestId())
                && java.util.Objects.equals(h.snapshotId(), next.snapshotId()) && h.history().equals(next.history())
                && h.updatedAt().equals(next.updatedAt())).isPresent();
    }
}
