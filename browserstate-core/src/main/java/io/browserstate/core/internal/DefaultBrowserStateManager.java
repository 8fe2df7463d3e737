package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateListener;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.GarbageReport;
import io.browserstate.api.LocalDiskException;
import io.browserstate.api.MigrationReport;
import io.browserstate.api.MountOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.Operation;
import io.browserstate.api.RekeyReport;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionNotFoundException;
import io.browserstate.api.SessionPage;
import io.browserstate.api.StoreUsage;
import io.browserstate.api.SnapshotDiff;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.core.tree.StagingDirectory;
import io.browserstate.core.tree.Trees;
import io.browserstate.spi.Head;
import io.browserstate.spi.SessionHead;
import io.browserstate.spi.StorageProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The manager: leases, mounts and the catalogue around one {@link SnapshotEngine}. */
public final class DefaultBrowserStateManager implements BrowserStateManager {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultBrowserStateManager.class);

    private final StorageProvider provider;
    private final BrowserStateOptions options;
    private final SnapshotEngine engine;
    private final ExecutorService workers;
    private final ScheduledExecutorService renewals;
    private final Clock clock;
    private final String ownerPrefix;
    /** The one name this manager takes every lease under. */
    private final String leaseOwner;
    /** The sessions whose leases this manager holds right now. */
    private final Set<SessionId> heldHere = ConcurrentHashMap.newKeySet();
    private final boolean leases;
    private final Listeners listeners;
    private final LocalCopies localCopies;

    public DefaultBrowserStateManager(StorageProvider provider, BrowserStateOptions options, Codecs codecs, Clock clock) {
        BlobCrypto crypto = BlobCrypto.of(options);
        // always wrapped: without keys, a sealed head is still recognised and named as needing one
        this.provider = new SealedHeads(provider, crypto);
        this.options = options;
        this.localCopies = new LocalCopies(options.workDirectory());
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(options.parallelism(), daemon("browserstate-worker"));
        this.renewals = Executors.newSingleThreadScheduledExecutor(daemon("browserstate-lease"));
        try {
            this.engine = new SnapshotEngine(this.provider, options, codecs, crypto, workers, clock);
        } catch (RuntimeException e) {
            workers.shutdownNow();
            renewals.shutdownNow();
            throw e;
        }
        this.leases = provider.capabilities().leases();
        this.listeners = new Listeners(provider.describe());
        this.ownerPrefix = ManagementFactory.getRuntimeMXBean().getName() + ":" + UUID.randomUUID().toString().substring(0, 8);
        this.leaseOwner = options.leaseOwner() != null ? options.leaseOwner() : ownerPrefix;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------------------------------- leases

    /** Takes the session's lease and keeps it renewed; {@code null} when the provider has no leases. */
    LeaseKeeper acquire(SessionId id) {
        if (!leases) {
            return null;
        }
        return LeaseKeeper.acquire(provider, id, leaseOwner, options.leaseTtl(), renewals, heldHere);
    }

    static void release(LeaseKeeper keeper) {
        if (keeper != null) {
            keeper.close();
        }
    }

    // ------------------------------------------------------------------------------------------- API

    @Override
    public MountedSession mount(SessionId id, MountOptions mountOptions) {
        return listeners.run(Operation.MOUNT, id, () -> mountUnobserved(id, mountOptions), m -> Listeners.Figures.restored(m.restored()));
    }

    private MountedSession mountUnobserved(SessionId id, MountOptions mountOptions) {
        SealedHeads.checkAttributeNames(mountOptions.attributes());
        LeaseKeeper lease = mountOptions.readOnly() ? null : acquire(id);
        Path dir = null;
        boolean created = false;
        Path kept = null;
        try {
            Optional<Head> head = provider.readHead(id);
            if (head.isEmpty() && (!mountOptions.createIfMissing() || mountOptions.readOnly())) {
                throw new SessionNotFoundException(id);
            }
            if (mountOptions.directory() != null) {
                dir = mountOptions.directory().toAbsolutePath().normalize();
                StagingDirectory.checkTarget(dir);
            } else {
                Files.createDirectories(options.workDirectory());
                dir = Files.createTempDirectory(options.workDirectory(), safeName(id) + "-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                created = true;
            }
            // a copy kept on this machine by an earlier close is taken over whatever the options say: it is
            // used as the seed when the session exists, and deleted in any case
            kept = localCopies.claim(id);
            SnapshotEngine.Base base;
            RestoreResult restored;
            if (head.isPresent()) {
                if (created) {
                    Files.delete(dir);
                }
                Seed seed = kept != null ? Seed.movable(kept) : Seed.readOnly(mountOptions.seed());
                if (mountOptions.readOnly()) {
                    restored = engine.restoreNewest(id, head.get(), dir, seed);
                    base = SnapshotEngine.Base.NONE;
                } else {
                    Manifest manifest;
                    try {
                        manifest = engine.loadManifest(id, head.get());
                        restored = engine.restore(id, head.get(), manifest, dir, seed);
                    } catch (CorruptDataException e) {
                        throw conflictIfLeaseLapsed(id, lease, e);
                    }
                    base = new SnapshotEngine.Base(head.get(), manifest);
                    touch(id);
                }
            } else {
                Files.createDirectories(dir);
                restored = new RestoreResult(id, 0, null, dir, 0, 0, 0, Duration.ZERO);
                base = SnapshotEngine.Base.NONE;
            }
            return new DefaultMountedSession(engine, listeners, id, dir, lease, base, restored, mountOptions, savedBy(lease),
                    mountOptions.keepLocalCopy() ? localCopies : null);
        } catch (IOException e) {
            cleanupFailedMount(lease, dir, created);
            throw new LocalDiskException("Cannot mount " + id + " into " + dir + ": " + e.getMessage(), dir, e);
        } catch (RuntimeException | Error e) {
            cleanupFailedMount(lease, dir, created);
            throw e;
        } finally {
            if (kept != null) {
                Trees.deleteLogged(kept);
            }
        }
    }

    /**
     * Missing or mismatched chunks while a mount's lease lapsed (a stalled process) mean another writer
     * may have moved the session on and collected them: that is a conflict, not corrupt data.
     */
    private static RuntimeException conflictIfLeaseLapsed(SessionId id, LeaseKeeper lease, CorruptDataException e) {
        if (lease == null || lease.renewNow()) {
            return e;
        }
        SessionConflictException conflict = new SessionConflictException(id, "Session " + id + " was not mounted: its lease lapsed"
                + " during the restore and another worker may have changed it meanwhile; mount it again");
        conflict.initCause(e);
        return conflict;
    }

    private void cleanupFailedMount(LeaseKeeper lease, Path dir, boolean created) {
        release(lease);
        if (created) {
            Trees.deleteLogged(dir);
        }
    }

    /** A file-name-safe, readable rendering of a session id, at most 60 characters; not unique. */
    static String safeName(SessionId id) {
        String s = (id.userId() + "_" + id.sessionId()).replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    private void touch(SessionId id) {
        try {
            provider.touch(id, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Could not record the access time of " + id, e);
        }
    }

    @Override
    public SaveResult save(SessionId id, Path profileDirectory, SaveOptions saveOptions) {
        return listeners.run(Operation.SAVE, id, () -> saveUnobserved(id, profileDirectory, saveOptions), Listeners.Figures::saved);
    }

    private SaveResult saveUnobserved(SessionId id, Path profileDirectory, SaveOptions saveOptions) {
        SealedHeads.checkAttributeNames(saveOptions.attributes());
        LeaseKeeper lease = acquire(id);
        try {
            SnapshotEngine.Base base = currentBase(id);
            Long expected = saveOptions.baseVersion();
            if (expected != null && expected != base.version()) {
                throw new SessionConflictException(id, "Session " + id + " was not saved: " + (base.version() == 0 ? "it does not exist"
                        : "it is at version " + base.version()) + ", not at version " + expected + " that this save builds on"
                        + (expected == 0 ? " (it must be new)" : " (another writer saved it since)") + ". Nothing was published; the profile in "
                        + profileDirectory + " was left as it was. Restore the current version and apply the change again, or save"
                        + " with SaveOptions.none() to replace whatever is current.");
            }
            return engine.save(id, profileDirectory, base, lease, saveOptions, savedBy(lease)).result();
        } catch (RuntimeException e) {
            throw SnapshotEngine.saveFailure(id, profileDirectory, e);
        } finally {
            release(lease);
        }
    }

    SnapshotEngine.Base currentBase(SessionId id) {
        Optional<Head> head = provider.readHead(id);
        if (head.isEmpty()) {
            return SnapshotEngine.Base.NONE;
        }
        return new SnapshotEngine.Base(head.get(), engine.loadManifest(id, head.get()));
    }

    /** Who a snapshot record says published it: the lease owner, or this manager without leases. */
    private String savedBy(LeaseKeeper lease) {
        return lease == null ? ownerPrefix : lease.lease().owner();
    }

    @Override
    public RestoreResult restore(SessionId id, Path target) {
        return listeners.run(Operation.RESTORE, id, () -> restoreUnobserved(id, target), Listeners.Figures::restored);
    }

    @Override
    public RestoreResult restore(SessionId id, Path target, @Nullable Path seed) {
        return listeners.run(Operation.RESTORE, id, () -> restoreUnobserved(id, target, seed), Listeners.Figures::restored);
    }

    private RestoreResult restoreUnobserved(SessionId id, Path target) {
        return restoreUnobserved(id, target, null);
    }

    private RestoreResult restoreUnobserved(SessionId id, Path target, @Nullable Path seed) {
        Head head = provider.readHead(id).orElseThrow(() -> new SessionNotFoundException(id));
        RestoreResult result = engine.restoreNewest(id, head, target, Seed.readOnly(seed));
        touch(id);
        return result;
    }

    @Override
    public RestoreResult restore(SessionId id, long version, Path target) {
        return listeners.run(Operation.RESTORE, id, () -> restoreUnobserved(id, version, target), Listeners.Figures::restored);
    }

    private RestoreResult restoreUnobserved(SessionId id, long version, Path target) {
        for (int attempt = 1; ; attempt++) {
            Head head = provider.readHead(id).orElseThrow(() -> new SessionNotFoundException(id));
            try {
                RestoreResult result = engine.restoreVersion(id, head, version, target);
                touch(id);
                return result;
            } catch (CorruptDataException e) {
                Optional<Head> now = provider.readHead(id);
                if (attempt >= SnapshotEngine.RESTORE_ATTEMPTS || now.isEmpty()
                        || SnapshotEngine.sameSnapshot(now.get(), head) && now.get().history().equals(head.history())) {
                    throw e;
                }
            }
        }
    }

    @Override
    public SessionPage<SnapshotInfo> history(SessionId id, String cursor, int limit) {
        checkLimit(limit);
        return engine.history(id, requireHead(id), cursor, limit);
    }

    private Head requireHead(SessionId id) {
        return provider.readHead(id).orElseThrow(() -> new SessionNotFoundException(id));
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, was " + limit);
        }
    }

    @Override
    public SnapshotInfo rollback(SessionId id, long version) {
        return listeners.run(Operation.ROLLBACK, id, () -> rollbackUnobserved(id, version), Listeners.Figures::none);
    }

    private SnapshotInfo rollbackUnobserved(SessionId id, long version) {
        LeaseKeeper lease = acquire(id);
        try {
            Head head = migrated(id, requireHead(id), lease);
            return engine.rollback(id, head, version, lease, savedBy(lease));
        } finally {
            release(lease);
        }
    }

    /** The head in format 2: a format-1 session is migrated first (under the lease the caller holds). */
    private Head migrated(SessionId id, Head head, LeaseKeeper lease) {
        return head.format() == 2 ? head : engine.migrate(id, head, lease).head();
    }

    @Override
    public SnapshotDiff diff(SessionId id, long fromVersion, long toVersion) {
        return engine.diff(id, requireHead(id), fromVersion, toVersion);
    }

    @Override
    public SnapshotInfo fork(SessionId source, SessionId target) {
        return fork(source, requireHead(source).version(), target);
    }

    @Override
    public SnapshotInfo fork(SessionId source, long version, SessionId target) {
        return listeners.run(Operation.FORK, target, () -> forkUnobserved(source, version, target), Listeners.Figures::none);
    }

    private SnapshotInfo forkUnobserved(SessionId source, long version, SessionId target) {
        if (source.equals(target)) {
            throw new IllegalArgumentException("A session cannot be forked into itself (" + source + "); use rollback to publish an older version");
        }
        LeaseKeeper lease = acquire(target);
        try {
            if (provider.readHead(target).isPresent()) {
                throw new SessionConflictException(target, "Session " + target + " was not forked from " + source + ": it exists already."
                        + " Fork into a new session id, or delete " + target + " first.");
            }
            return engine.fork(source, requireHead(source), version, target, lease, savedBy(lease));
        } finally {
            release(lease);
        }
    }

    @Override
    public GarbageReport prune(SessionId id) {
        return listeners.run(Operation.COLLECT_GARBAGE, id, () -> pruneUnobserved(id), Listeners.Figures::garbage);
    }

    private GarbageReport pruneUnobserved(SessionId id) {
        LeaseKeeper lease = acquire(id);
        try {
            Head head = migrated(id, requireHead(id), lease);
            return engine.prune(id, head, lease);
        } finally {
            release(lease);
        }
    }

    @Override
    public GarbageReport collectGarbage(String userId) {
        return listeners.run(Operation.COLLECT_GARBAGE, null, () -> collectGarbageUnobserved(userId), Listeners.Figures::garbage);
    }

    private GarbageReport collectGarbageUnobserved(String userId) {
        SessionId.validate("userId", userId);
        return engine.collect(userId);
    }

    @Override
    public MigrationReport migrateFormat(String userId) {
        return listeners.run(Operation.MIGRATE, null, () -> migrateFormatUnobserved(userId), Listeners.Figures::migrated);
    }

    private MigrationReport migrateFormatUnobserved(String userId) {
        SessionId.validate("userId", userId);
        List<SessionId> migrated = new ArrayList<>();
        Map<SessionId, String> notMigrated = new LinkedHashMap<>();
        long current = 0;
        long copied = 0;
        long bytes = 0;
        long deleted = 0;
        for (SessionHead sh : UserSessions.of(provider, userId, 500)) {
            SessionId id = sh.id();
            if (sh.head().format() == 2 && !engine.hasOwnSpace(id)) {
                current++; // nothing to do, and no lease to take from a worker that may have it mounted
                continue;
            }
            LeaseKeeper lease = null;
            try {
                lease = acquire(id);
                Head head = provider.readHead(id).orElse(null);
                if (head == null) {
                    continue;
                }
                SnapshotEngine.Migrated m = engine.migrate(id, head, lease);
                if (head.format() == 2) {
                    current++;
                } else {
                    migrated.add(id);
                }
                copied += m.blobsCopied();
                bytes += m.bytesCopied();
                deleted += m.blobsDeleted();
            } catch (RuntimeException e) {
                LOG.warn("Session " + id + " was not migrated to format 2; run the migration again", e);
                notMigrated.put(id, e.getClass().getSimpleName() + ": " + e.getMessage());
            } finally {
                release(lease);
            }
        }
        return new MigrationReport(userId, migrated, current, copied, bytes, deleted, notMigrated);
    }

    @Override
    public boolean encrypts() {
        return engine.encrypts();
    }

    @Override
    public RekeyReport rekey(String userId) {
        return listeners.run(Operation.REKEY, null, () -> rekeyUnobserved(userId), Listeners.Figures::rekeyed);
    }

    private RekeyReport rekeyUnobserved(String userId) {
        SessionId.validate("userId", userId);
        List<SessionId> rekeyed = new ArrayList<>();
        Map<SessionId, String> notRekeyed = new LinkedHashMap<>();
        long[] counts = new long[4];
        for (SessionHead sh : UserSessions.of(provider, userId, 500)) {
            SessionId id = sh.id();
            try {
                // nothing to do, and no lease to take from a worker that may have it mounted
                if (sh.head().format() == 2 && !engine.needsRekey(id, sh.head())) {
                    counts[0]++;
                    continue;
                }
                if (rekeyUnderLease(id, counts)) {
                    rekeyed.add(id);
                }
            } catch (RuntimeException e) {
                LOG.warn("Session " + id + " was not rekeyed; run rekey again", e);
                notRekeyed.put(id, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return new RekeyReport(userId, rekeyed, counts[0], counts[1], counts[2], counts[3], notRekeyed);
    }

    @Override
    public RekeyReport rekey(SessionId id) {
        return listeners.run(Operation.REKEY, id, () -> rekeyUnobserved(id), Listeners.Figures::rekeyed);
    }

    private RekeyReport rekeyUnobserved(SessionId id) {
        requireHead(id);
        long[] counts = new long[4];
        boolean done = rekeyUnderLease(id, counts);
        return new RekeyReport(id.userId(), done ? List.of(id) : List.of(), counts[0], counts[1], counts[2], counts[3], Map.of());
    }

    /** Rekeys one session under its lease; counts {already current, snapshots, blobs, bytes}; whether anything was rewritten. */
    private boolean rekeyUnderLease(SessionId id, long[] counts) {
        LeaseKeeper lease = acquire(id);
        try {
            Head head = provider.readHead(id).orElse(null);
            if (head == null) {
                return false;
            }
            SnapshotEngine.Rekeyed r = engine.rekey(id, migrated(id, head, lease), lease);
            if (r == null) {
                counts[0]++;
                return false;
            }
            counts[1] += r.snapshotsRewritten();
            counts[2] += r.blobsWritten();
            counts[3] += r.bytesWritten();
            return true;
        } finally {
            release(lease);
        }
    }

    @Override
    public Optional<SessionInfo> info(SessionId id) {
        return provider.readHead(id).map(h -> h.toInfo(id));
    }

    @Override
    public boolean exists(SessionId id) {
        return provider.readHead(id).isPresent();
    }

    @Override
    public SessionPage<String> listUsers(@Nullable String cursor, int limit) {
        checkLimit(limit);
        return provider.listUsers(cursor, limit);
    }

    @Override
    public StoreUsage usage(String userId) {
        SessionId.validate("userId", userId);
        return engine.usage(userId);
    }

    @Override
    public SessionPage<SessionInfo> list(String userId, String cursor, int limit) {
        SessionId.validate("userId", userId);
        checkLimit(limit);
        SessionPage<SessionHead> page = provider.listSessions(userId, cursor, limit);
        return new SessionPage<>(page.items().stream().map(h -> h.head().toInfo(h.id())).toList(), page.nextCursor());
    }

    @Override
    public boolean delete(SessionId id) {
        return listeners.run(Operation.DELETE, id, () -> deleteUnobserved(id), Listeners.Figures::none);
    }

    private boolean deleteUnobserved(SessionId id) {
        LeaseKeeper lease = acquire(id);
        boolean existed;
        try {
            existed = provider.deleteSession(id, lease == null ? null : lease.lease());
            engine.deleted(id);
            localCopies.drop(id);
        } finally {
            release(lease);
        }
        // the session's chunks may be shared: a collection deletes those no other kept snapshot references
        engine.collectQuietly(id.userId());
        return existed;
    }

    /** What it is, for logs and debuggers: the store (password masked), lease owner, codec, encryption, state. */
    @Override
    public String toString() {
        return "BrowserStateManager[store=" + provider.describe() + ", leaseOwner=" + leaseOwner + ", compression=" + options.compression()
                + ", encryption=" + options.encryption() + ", workDirectory=" + options.workDirectory()
                + (workers.isShutdown() ? ", closed" : "") + ", mountedHere=" + heldHere.size() + "]";
    }

    @Override
    public BrowserStateListener.Registration addListener(BrowserStateListener listener) {
        return listeners.add(listener);
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            provider.close();
        } catch (RuntimeException e) {
            throw new BrowserStateException("Closing " + provider.describe() + " failed", e);
        }
    }
}
