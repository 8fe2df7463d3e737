package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.GarbageReport;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveFailedException;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionNotFoundException;
import io.browserstate.api.SessionPage;
import io.browserstate.api.SkippedFile;
import io.browserstate.api.SnapshotDiff;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.CompressionCodec;
import io.browserstate.spi.Head;
import io.browserstate.spi.ProviderCapabilities;
import io.browserstate.spi.StorageProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot engine, in the rooms restic draws: a save runs the {@link SnapshotWriter} (scan, chunk,
 * hash, claim, upload), the {@link ManifestStore} (encode, parts, records), the {@link HeadPublisher}
 * (retention, next head, compare-and-set with a deadline) and the {@link GarbageCollector} (mark and
 * sweep of the user's shared space); a restore runs the {@link SnapshotReader} on the tree pipeline.
 * History, rollback, fork, diff and the format migration are built from the same rooms. This class
 * wires them together.
 */
public final class SnapshotEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotEngine.class);
    /** A save, fork or rollback whose publish deadline passed claims again and retries this often. */
    private static final int DEADLINE_ATTEMPTS = 2;
    private static final int COPY_BATCH = 64;
    /** A restore without the lease that finds its blobs collected retries from the new head this often. */
    static final int RESTORE_ATTEMPTS = 3;

    private final StorageProvider provider;
    private final CompressionCodec codec;
    private final BrowserStateOptions options;
    private final Clock clock;
    private final SnapshotWriter writer;
    private final ManifestStore manifests;
    private final HeadPublisher publisher;
    private final GarbageCollector collector;
    private final SnapshotReader reader;
    private final Blobs blobs;

    /** The snapshot a save starts from: nothing, or the current head and its manifest. */
    public record Base(Head head, Manifest manifest) {
        public static final Base NONE = new Base(null, null);

        public long version() {
            return head == null ? 0 : head.version();
        }
    }

    /** A published save, and the base the next save of the same mount starts from. */
    public record Saved(SaveResult result, Base base) {
    }

    /** One kept snapshot of a session: its record (format 2, or derived from the head for format 1) and where its blobs are. */
    record Kept(SnapshotInfo info, BlobSpace space) {
        SnapshotRef ref() {
            return new SnapshotRef(space, info.version(), info.manifestId(), info.browserVersion());
        }
    }

    public SnapshotEngine(StorageProvider provider, BrowserStateOptions options, Codecs codecs, BlobCrypto crypto, ExecutorService workers,
            Clock clock) {
        ProviderCapabilities caps = provider.capabilities();
        if (caps.maxBlobBytes() > 0 && caps.maxBlobBytes() < options.chunkSize() + 64 + BlobCrypto.OVERHEAD) {
            throw new InvalidConfigurationException("chunkSize " + options.chunkSize() + " is larger than the provider's largest blob ("
                    + caps.maxBlobBytes() + " bytes)");
        }
        int batchBytes = Math.max(options.chunkSize(), caps.preferredBatchBytes() <= 0 ? ProviderCapabilities.DEFAULT_BATCH_BYTES
                : caps.preferredBatchBytes());
        this.provider = provider;
        this.codec = codecs.get(options.compression());
        this.options = options;
        this.clock = clock;
        this.blobs = new Blobs(codec, codecs, crypto);
        this.writer = new SnapshotWriter(provider, options, blobs, workers, batchBytes);
        this.manifests = new ManifestStore(provider, blobs, Manifest.Limits.of(options));
        this.publisher = new HeadPublisher(provider, options, manifests);
        this.collector = new GarbageCollector(provider, manifests, options.gcGrace());
        this.reader = new SnapshotReader(provider, options, blobs, workers, batchBytes);
    }

    // ------------------------------------------------------------------------------------------ save

    /**
     * Saves {@code dir} as the session's next snapshot and publishes it with a compare-and-set from
     * {@code base} (format 2). Every failure is translated here, once: a conflict stays a
     * {@link SessionConflictException}, anything else becomes a {@link SaveFailedException} naming the
     * directory that was kept.
     *
     * @throws SessionConflictException when the head moved or the lease was lost
     * @throws SaveFailedException when nothing was published for another reason
     */
    public Saved save(SessionId id, Path dir, Base base, LeaseKeeper lease, SaveOptions saveOptions, String savedBy) {
        try {
            return saveUntranslated(id, dir, base, lease, saveOptions, savedBy);
        } catch (RuntimeException e) {
            throw saveFailure(id, dir, e);
        }
    }

    /** The one translation of a failed save: conflicts stay conflicts, the rest name the kept directory. */
    static RuntimeException saveFailure(SessionId id, Path dir, RuntimeException e) {
        return e instanceof SessionConflictException || e instanceof SaveFailedException ? e : new SaveFailedException(id, dir, e);
    }

    private Saved saveUntranslated(SessionId id, Path dir, Base base, LeaseKeeper lease, SaveOptions saveOptions, String savedBy) {
        if (base.head() != null && base.head().format() != 2) {
            // a session written before 0.3 moves to the shared space on its first save, history included;
            // a save that failed after migrating left the base in format 1: the head tells
            Head now = provider.readHead(id).orElse(null);
            Head migrated = now != null && now.format() == 2 && now.version() == base.version()
                    && now.manifestId().equals(base.head().manifestId()) ? now : migrate(id, base.head(), lease).head();
            base = new Base(migrated, base.manifest());
        }
        BlobSpace space = BlobSpace.shared(id.userId());
        long t0 = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Instant claimedAt = provider.time();
            Instant started = clock.instant();
            long scanStartedAt = epochNanos(started);
            // a base written under another key (or in the other form) names chunks this save's ids never match: start afresh
            Manifest reusable = base.manifest() != null && blobs.encryption().equals(base.manifest().encryption()) ? base.manifest() : null;
            SnapshotWriter.Written written = writer.write(space, dir, reusable);
            Listeners.current().phase(io.browserstate.api.Progress.Phase.PUBLISHING);
            Instant now = clock.instant();
            Manifest manifest = new Manifest(Manifest.formatOf(written.entries()), now.toString(), codec.name(), blobs.encryption(),
                    scanStartedAt, written.entries(), null);
            ManifestStore.Stored stored;
            try {
                stored = manifests.store(space, manifest, written.claimed());
            } catch (ManifestStore.ChunksLost e) {
                if (base.manifest() == null || attempt >= DEADLINE_ATTEMPTS) {
                    throw e;
                }
                // chunks the base had were collected or expired: read every file again, uploading what is missing
                LOG.atWarn().setMessage(() -> "Save of " + id + ": " + e.getMessage() + "; reading every file again").log();
                base = new Base(base.head(), null);
                continue;
            }
            Head previous = base.head();
            Map<String, String> attributes = attributes(previous, saveOptions);
            String browser = browserVersion(previous, saveOptions);
            HeadPublisher.Published published;
            try {
                published = publisher.publish(id, previous, new HeadPublisher.Next(stored.id(), written.totalBytes(), written.fileCount(),
                        browser, attributes, SnapshotInfo.Origin.SAVE, null, null), now, lease, savedBy, publisher.deadline(claimedAt),
                        "saved", "the local profile in " + dir + " was kept.");
            } catch (HeadPublisher.DeadlinePassed e) {
                if (attempt >= DEADLINE_ATTEMPTS) {
                    throw new SaveFailedException(id, dir, new io.browserstate.api.StorageException("the save took longer than gcGrace ("
                            + options.gcGrace() + ") twice, so its claims on reused chunks expired; raise gcGrace"));
                }
                LOG.atInfo().setMessage(() -> "Save of " + id + " took longer than gcGrace; claiming again").log();
                continue;
            }
            Head next = published.head();
            long collected = afterPublish(id, stored, next);
            List<io.browserstate.api.SkippedFile> skipped = written.skipped();
            SaveResult result = new SaveResult(id, next.version(), stored.id(), written.fileCount(), written.totalBytes(),
                    written.chunkCount(), written.blobsWritten() + stored.blobsWritten() + published.blobsWritten(),
                    written.bytesWritten() + stored.bytesWritten() + published.bytesWritten(),
                    written.reused(), skipped, written.excluded(), collected, Duration.ofNanos(System.nanoTime() - t0));
            for (SkippedFile s : skipped) {
                LOG.warn("Save of {} skipped {} ({} bytes): {}", id, s.path(), s.size(), s.reason());
            }
            LOG.info("Saved {} v{}: {} files, {} bytes; sent {} bytes in {} blobs, reused {} chunks; {} skipped, {} excluded; {} ms", id,
                    next.version(), result.fileCount(), result.totalBytes(), result.bytesWritten(), result.blobsWritten(),
                    result.blobsReused(), skipped.size(), result.excluded().size(), result.duration().toMillis());
            LOG.atDebug().setMessage(() -> "Saved " + id + " v" + next.version() + " since " + started + ": " + result).log();
            return new Saved(result, new Base(next, stored.manifest()));
        }
    }

    /** Nanoseconds since the epoch, the unit of manifests' mtimes and scan times. */
    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** A new snapshot's attributes: the previous ones with the save's added or replaced. */
    private static Map<String, String> attributes(Head previous, SaveOptions saveOptions) {
        Map<String, String> attributes = new HashMap<>(previous == null ? Map.of() : previous.attributes());
        attributes.putAll(saveOptions.attributes());
        return attributes;
    }

    /** A new snapshot's browser version: the save's, else the previous one's. */
    private static String browserVersion(Head previous, SaveOptions saveOptions) {
        return saveOptions.browserVersion() != null ? saveOptions.browserVersion() : previous == null ? null : previous.browserVersion();
    }

    /**
     * What follows every publish of a new manifest: its references remembered for the next collection,
     * the older kept snapshots' blobs claimed again (a store with expiry; the new ones were claimed as
     * they were written), and a collection when one is due. Returns the blobs that collection deleted.
     */
    private long afterPublish(SessionId id, ManifestStore.Stored stored, Head next) {
        collector.remember(stored.id(), stored.manifest());
        Set<String> claimed = new java.util.HashSet<>(ManifestStore.blobIds(stored.id(), stored.manifest()));
        claimed.add(next.snapshotId());
        keepAlive(id, next, claimed);
        return collector.collectAfterPublish(id.userId());
    }

    // ------------------------------------------------------------------------------------ checkpoint

    /**
     * Publishes {@code base} with {@code files} added or replaced as the session's next version (origin
     * checkpoint), reading no directory: the base's chunks are referenced as they are, the files'
     * chunks written the way new blobs are. A base written under another key keeps its encryption in
     * the new manifest, so that neither the next save reuses its chunks nor {@code rekey} skips it.
     *
     * @throws IllegalArgumentException when a path is not a plain relative path, or lies under a file
     * @throws SessionConflictException when the head moved or the lease was lost
     */
    public Saved checkpoint(SessionId id, Base base, Map<String, byte[]> files, LeaseKeeper lease, SaveOptions meta, String savedBy) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint of " + id + " needs at least one file");
        }
        for (String path : files.keySet()) {
            String problem = io.browserstate.core.tree.TreeNames.problem(path);
            if (problem != null || path.endsWith("/") || io.browserstate.core.tree.TreeNames.isLockFile(path)) {
                throw new IllegalArgumentException("checkpoint path " + io.browserstate.core.tree.TreeNames.quote(path) + " of " + id
                        + " is not a plain relative path" + (problem == null ? "" : ": " + problem));
            }
        }
        if (base.head() != null && base.head().format() != 2) {
            throw new IllegalStateException("Session " + id + " is in format 1; save it once (or run migrateFormat) before checkpointing");
        }
        BlobSpace space = BlobSpace.shared(id.userId());
        long t0 = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Instant claimedAt = provider.time();
            Instant now = clock.instant();
            long nowNanos = epochNanos(now);
            java.util.TreeMap<String, Manifest.Entry> byPath = new java.util.TreeMap<>();
            if (base.manifest() != null) {
                base.manifest().entries().forEach(e -> byPath.put(e.path(), e));
            }
            Map<String, byte[]> chunks = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, byte[]> f : new java.util.TreeMap<>(files).entrySet()) {
                String path = f.getKey();
                Manifest.Entry existing = byPath.get(path);
                if (existing != null && !existing.isFile()) {
                    throw new IllegalArgumentException("checkpoint path " + io.browserstate.core.tree.TreeNames.quote(path) + " of " + id
                            + " is a " + existing.type() + " in the snapshot it builds on");
                }
                for (String parent = io.browserstate.core.tree.TreeNames.parent(path); !parent.isEmpty();
                        parent = io.browserstate.core.tree.TreeNames.parent(parent)) {
                    Manifest.Entry p = byPath.get(parent);
                    if (p == null) {
                        byPath.put(parent, new Manifest.Entry(parent, Manifest.Entry.DIR, 0700, nowNanos, null, null, null, null));
                    } else if (!p.isDir()) {
                        throw new IllegalArgumentException("checkpoint path " + io.browserstate.core.tree.TreeNames.quote(path) + " of " + id
                                + " lies under " + io.browserstate.core.tree.TreeNames.quote(parent) + ", a " + p.type() + " in the snapshot");
                    }
                }
                byte[] data = f.getValue();
                List<String> ids = new ArrayList<>();
                for (int off = 0; off < data.length; off += options.chunkSize()) {
                    byte[] chunk = java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + options.chunkSize()));
                    String chunkId = blobs.id(space, chunk);
                    ids.add(chunkId);
                    chunks.put(chunkId, chunk);
                }
                byPath.put(path, new Manifest.Entry(path, Manifest.Entry.FILE, 0600, nowNanos, (long) data.length, options.chunkSize(), ids,
                        null));
            }
            Set<String> missing = provider.claimBlobs(space, chunks.keySet());
            List<Blob> toPut = new ArrayList<>();
            long bytes = 0;
            for (String chunkId : missing) {
                byte[] data = chunks.get(chunkId);
                byte[] encoded = blobs.encode(Blobs.spaceContext(space), chunkId, data, 0, data.length);
                toPut.add(new Blob(chunkId, encoded));
                bytes += encoded.length;
            }
            if (!toPut.isEmpty()) {
                provider.putBlobs(space, toPut);
            }
            String encryption = base.manifest() == null ? blobs.encryption() : base.manifest().encryption();
            List<Manifest.Entry> entries = List.copyOf(byPath.values());
            Manifest manifest = new Manifest(Manifest.formatOf(entries), now.toString(), codec.name(), encryption,
                    base.manifest() == null ? null : base.manifest().scanStartedAt(), entries, null);
            ManifestStore.Stored stored = manifests.store(space, manifest, chunks.keySet());
            Head previous = base.head();
            Map<String, String> attributes = attributes(previous, meta);
            String browser = browserVersion(previous, meta);
            long fileCount = 0;
            long totalBytes = 0;
            long chunkCount = 0;
            for (Manifest.Entry e : manifest.entries()) {
                if (e.isFile()) {
                    fileCount++;
                    totalBytes += e.sizeOrZero();
                    chunkCount += e.chunks().size();
                }
            }
            HeadPublisher.Published published;
            try {
                published = publisher.publish(id, previous, new HeadPublisher.Next(stored.id(), totalBytes, fileCount, browser, attributes,
                        SnapshotInfo.Origin.CHECKPOINT, null, null), now, lease, savedBy, publisher.deadline(claimedAt), "checkpointed", "");
            } catch (HeadPublisher.DeadlinePassed e) {
                if (attempt >= DEADLINE_ATTEMPTS) {
                    throw new io.browserstate.api.StorageException("Session " + id + " was not checkpointed: it took longer than gcGrace ("
                            + options.gcGrace() + ") twice; raise gcGrace");
                }
                continue;
            }
            Head next = published.head();
            long collected = afterPublish(id, stored, next);
            SaveResult result = new SaveResult(id, next.version(), stored.id(), fileCount, totalBytes, chunkCount,
                    toPut.size() + stored.blobsWritten() + published.blobsWritten(), bytes + stored.bytesWritten() + published.bytesWritten(),
                    chunks.size() - toPut.size(), List.of(), List.of(), collected, Duration.ofNanos(System.nanoTime() - t0));
            LOG.atDebug().setMessage(() -> "Checkpointed " + id + " v" + next.version() + ": " + result).log();
            return new Saved(result, new Base(next, stored.manifest()));
        }
    }

    // --------------------------------------------------------------------------------------- restore

    /** The session's current head, or {@code null}. */
    Head head(SessionId id) {
        return provider.readHead(id).orElse(null);
    }

    /** Reads and verifies the current manifest of a head. */
    public Manifest loadManifest(SessionId id, Head head) {
        if (head.format() == 2) {
            // the head is not signed: its snapshot record is (when encrypted), and names its session and manifest
            SnapshotRecord record = manifests.loadRecord(id, head.space(id), head.snapshotId());
            if (!record.manifest().equals(head.manifestId()) || record.version() != head.version()) {
                throw new CorruptDataException(id, "the head names manifest " + head.manifestId() + " at version " + head.version()
                        + ", but its snapshot record " + head.snapshotId() + " names manifest " + record.manifest() + " at version "
                        + record.version());
            }
        }
        return manifests.load(id, head.space(id), head.manifestId());
    }

    /**
     * Restores a snapshot into {@code target} (absent or an empty directory): validated whole first,
     * written into a private staging directory beside it, moved into place at the end. On failure nothing
     * is left behind and {@code target} is as it was.
     */
    public RestoreResult restore(SessionId id, Head head, Manifest manifest, Path target, @Nullable Seed seed) {
        RestoreResult result = reader.restore(id, SnapshotRef.current(id, head), manifest, target, seed);
        if (head.format() == 2) {
            collector.remember(head.manifestId(), manifest);
        }
        keepAlive(id, head, Set.of());
        return result;
    }

    /**
     * With a store that expires keys, claims every blob the head's kept snapshots reference (records,
     * manifests, chunks), so that they live as long as the session that keeps them: after every publish
     * and every restore (the head's own expiry is refreshed by its compare-and-set or touch). Never fails
     * the caller.
     */
    private void keepAlive(SessionId id, Head head, Set<String> claimedAlready) {
        if (!provider.capabilities().ttl() || head.format() != 2) {
            return;
        }
        try {
            BlobSpace space = head.space(id);
            Set<String> ids = collector.referencedByHead(id, space, head);
            ids.removeAll(claimedAlready);
            if (!ids.isEmpty()) {
                provider.claimBlobs(space, ids);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not refresh the expiry of the blobs of " + id, e);
        }
    }

    /**
     * Restores the newest snapshot, starting from {@code head}, without the lease: a save by another
     * worker may publish and collect the blobs this restore was reading. That is a race, not
     * corruption: it retries from the new head.
     */
    RestoreResult restoreNewest(SessionId id, Head head, Path target, @Nullable Seed seed) {
        for (int attempt = 1; ; attempt++) {
            try {
                return restore(id, head, loadManifest(id, head), target, seed);
            } catch (CorruptDataException e) {
                Head now = head(id);
                if (attempt >= RESTORE_ATTEMPTS || now == null || sameSnapshot(now, head)) {
                    throw e;
                }
                Head from = head;
                LOG.atInfo().setMessage(() -> "Session " + id + " moved from version " + from.version() + " to "
                        + now.version() + " during a restore; restoring the new version").log();
                head = now;
            }
        }
    }

    /** Whether two heads name the same snapshot in the same place (a migration keeps the version but moves the blobs). */
    static boolean sameSnapshot(Head a, Head b) {
        return a.version() == b.version() && a.format() == b.format() && a.manifestId().equals(b.manifestId());
    }

    /** Restores the kept snapshot {@code version} of the head into {@code target}. */
    RestoreResult restoreVersion(SessionId id, Head head, long version, Path target) {
        Kept kept = find(id, head, version);
        Manifest manifest = manifests.load(id, kept.space(), kept.info().manifestId());
        RestoreResult result = reader.restore(id, kept.ref(), manifest, target, null);
        keepAlive(id, head, Set.of());
        return result;
    }

    // --------------------------------------------------------------------------------------- history

    /** Every kept snapshot of the head, newest (current) first. */
    List<Kept> kept(SessionId id, Head head) {
        List<Kept> all = new ArrayList<>();
        if (head.format() == 2) {
            BlobSpace space = head.space(id);
            all.add(new Kept(manifests.loadRecord(id, space, head.snapshotId()).toInfo(id, true), space));
            for (String recordId : head.history()) {
                all.add(new Kept(manifests.loadRecord(id, space, recordId).toInfo(id, false), space));
            }
            return all;
        }
        // format 1 recorded no versions for older snapshots: they are numbered down from the current one
        BlobSpace space = head.space(id);
        all.add(new Kept(new SnapshotInfo(id, head.version(), true, head.updatedAt(), null, head.sizeBytes(), head.fileCount(),
                head.browserVersion(), head.attributes(), SnapshotInfo.Origin.SAVE, null, null, head.manifestId()), space));
        long version = head.version();
        for (String manifestId : head.history()) {
            --version;
            Manifest m;
            try {
                m = manifests.load(id, space, manifestId);
            } catch (CorruptDataException e) {
                // format 1 never read its history back: an older snapshot may have been broken all along
                LOG.warn("Session " + id + ": older snapshot " + manifestId + " (about version " + version
                        + ") cannot be read and is left out of its history: " + e.getMessage());
                continue;
            }
            long files = m.entries().stream().filter(Manifest.Entry::isFile).count();
            long bytes = m.entries().stream().mapToLong(Manifest.Entry::sizeOrZero).sum();
            all.add(new Kept(new SnapshotInfo(id, version, false, Instant.parse(m.createdAt()), null, bytes, files, null, Map.of(),
                    SnapshotInfo.Origin.SAVE, null, null, manifestId), space));
        }
        return all;
    }

    /** One page of {@link #kept}: the cursor is the index of the next item. */
    SessionPage<SnapshotInfo> history(SessionId id, Head head, String cursor, int limit) {
        List<Kept> all = kept(id, head);
        int from;
        try {
            from = cursor == null ? 0 : Integer.parseInt(cursor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor '" + cursor + "' was not returned by history(); pass null for the first page");
        }
        if (from < 0 || from > all.size()) {
            throw new IllegalArgumentException("cursor '" + cursor + "' is out of range; pass null for the first page");
        }
        int to = Math.min(all.size(), from + limit);
        List<SnapshotInfo> items = all.subList(from, to).stream().map(Kept::info).toList();
        return new SessionPage<>(items, to < all.size() ? Integer.toString(to) : null);
    }

    /** The kept snapshot {@code version} of the head. */
    Kept find(SessionId id, Head head, long version) {
        for (Kept k : kept(id, head)) {
            if (k.info().version() == version) {
                return k;
            }
        }
        throw new SessionNotFoundException(id, "Session " + id + " does not keep version " + version + " (it is at version " + head.version()
                + "; history() lists the kept ones, keepSnapshots and keepFor decide how many stay)");
    }

    SnapshotDiff diff(SessionId id, Head head, long fromVersion, long toVersion) {
        Kept from = find(id, head, fromVersion);
        Kept to = find(id, head, toVersion);
        Map<String, Manifest.Entry> before = byPath(manifests.load(id, from.space(), from.info().manifestId()));
        Map<String, Manifest.Entry> after = byPath(manifests.load(id, to.space(), to.info().manifestId()));
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<SnapshotDiff.Change> changes = new ArrayList<>();
        for (String path : paths) {
            Manifest.Entry b = before.get(path);
            Manifest.Entry a = after.get(path);
            if (b == null) {
                changes.add(new SnapshotDiff.Change(path, SnapshotDiff.Kind.ADDED, 0, a.sizeOrZero()));
            } else if (a == null) {
                changes.add(new SnapshotDiff.Change(path, SnapshotDiff.Kind.REMOVED, b.sizeOrZero(), 0));
            } else if (!b.type().equals(a.type()) || !sameContent(b, a) || !Objects.equals(b.mode(), a.mode())
                    || !Objects.equals(b.target(), a.target()) || b.sizeOrZero() != a.sizeOrZero()) {
                changes.add(new SnapshotDiff.Change(path, SnapshotDiff.Kind.CHANGED, b.sizeOrZero(), a.sizeOrZero()));
            }
        }
        return new SnapshotDiff(id, fromVersion, toVersion, changes);
    }

    /** Whether two entries hold the same bytes: a packed file by its digest (its pack may hold other files), any other by its chunks. */
    private static boolean sameContent(Manifest.Entry b, Manifest.Entry a) {
        if (b.isPacked() || a.isPacked()) {
            return b.isPacked() && a.isPacked() && Objects.equals(b.digest(), a.digest());
        }
        return Objects.equals(b.chunks(), a.chunks());
    }

    private static Map<String, Manifest.Entry> byPath(Manifest m) {
        Map<String, Manifest.Entry> map = new HashMap<>();
        m.entries().forEach(e -> map.put(e.path(), e));
        return map;
    }

    // ------------------------------------------------------------------------- rollback, fork, prune

    /** Publishes the kept snapshot {@code version} of {@code head} (format 2) as a new version. */
    SnapshotInfo rollback(SessionId id, Head head, long version, LeaseKeeper lease, String savedBy) {
        Kept kept = find(id, head, version);
        return republish(id, head, kept, lease, savedBy, SnapshotInfo.Origin.ROLLBACK, null, "rolled back");
    }

    /**
     * Creates {@code target} from the kept snapshot {@code version} of {@code source}: claims the
     * snapshot's blobs in the target's space (copying those it lacks, which happens only across users),
     * then publishes version 1 of the target.
     */
    SnapshotInfo fork(SessionId source, Head sourceHead, long version, SessionId target, LeaseKeeper lease, String savedBy) {
        Kept kept = find(source, sourceHead, version);
        return republish(target, null, kept, lease, savedBy, SnapshotInfo.Origin.FORK, source, "forked");
    }

    /**
     * Publishes a kept snapshot's manifest as the next version of {@code id} (after {@code head}, or new
     * when {@code null}). Across users an encrypted snapshot (or any, when this engine encrypts) is
     * rewritten into the target's space, since its blobs are bound to their own.
     */
    private SnapshotInfo republish(SessionId id, Head head, Kept kept, LeaseKeeper lease, String savedBy, SnapshotInfo.Origin origin,
            SessionId originSession, String action) {
        SnapshotInfo old = kept.info();
        BlobSpace space = BlobSpace.shared(id.userId());
        SessionId reader = origin == SnapshotInfo.Origin.FORK ? originSession : id;
        Manifest manifest = manifests.load(reader, kept.space(), old.manifestId());
        boolean rewrite = !space.equals(kept.space()) && kept.space().isShared()
                && (blobs.encrypting() || !BrowserStateOptions.DEFAULT_ENCRYPTION.equals(manifest.encryption()));
        Listeners.Tracker progress = Listeners.current();
        Map<String, Long> lengths = ManifestStore.chunkLengths(manifest);
        for (int attempt = 1; ; attempt++) {
            progress.totals(old.fileCount(), lengths.values().stream().mapToLong(Long::longValue).sum());
            progress.phase(io.browserstate.api.Progress.Phase.TRANSFERRING);
            Instant claimedAt = provider.time();
            String manifestId = old.manifestId();
            Set<String> ids = ManifestStore.blobIds(old.manifestId(), manifest);
            if (rewrite) {
                ManifestStore.Stored stored = rewrite(reader, kept.space(), manifest, space, new HashMap<>(), new long[2]);
                manifestId = stored.id();
                ids = ManifestStore.blobIds(stored.id(), stored.manifest());
                progress.advance(old.fileCount(), lengths.values().stream().mapToLong(Long::longValue).sum());
            } else {
                claimOrCopy(id, space, kept.space(), ids, lengths, progress);
                progress.advance(old.fileCount(), 0);
            }
            progress.phase(io.browserstate.api.Progress.Phase.PUBLISHING);
            try {
                HeadPublisher.Published published = publisher.publish(id, head, new HeadPublisher.Next(manifestId, old.sizeBytes(),
                        old.fileCount(), old.browserVersion(), old.attributes(), origin, originSession, old.version()), clock.instant(), lease,
                        savedBy, publisher.deadline(claimedAt), action, "");
                collector.collectAfterPublish(id.userId());
                keepAlive(id, published.head(), ids);
                return manifests.loadRecord(id, space, published.head().snapshotId()).toInfo(id, true);
            } catch (HeadPublisher.DeadlinePassed e) {
                if (attempt >= DEADLINE_ATTEMPTS) {
                    throw new io.browserstate.api.StorageException("Session " + id + " was not " + action + ": claiming its blobs took longer"
                            + " than gcGrace (" + options.gcGrace() + ") twice; raise gcGrace");
                }
            }
        }
    }

    /**
     * Claims {@code ids} in {@code space}; those it lacks are copied from {@code from} as stored (a fork
     * across users, a migration). Returns {blobs copied, bytes copied}.
     *
     * @throws CorruptDataException when a blob is in neither space
     */
    private long[] claimOrCopy(SessionId id, BlobSpace space, BlobSpace from, Set<String> ids) {
        return claimOrCopy(id, space, from, ids, Map.of(), Listeners.Tracker.NOWHERE);
    }

    /**
     * {@link #claimOrCopy(SessionId, BlobSpace, BlobSpace, Set)}, telling {@code progress} of the chunks'
     * bytes ({@code lengths}, before compression): those the space had as reused, the rest as they are copied.
     */
    private long[] claimOrCopy(SessionId id, BlobSpace space, BlobSpace from, Set<String> ids, Map<String, Long> lengths,
            Listeners.Tracker progress) {
        Set<String> missing = provider.claimBlobs(space, ids);
        long had = 0;
        for (Map.Entry<String, Long> e : lengths.entrySet()) {
            if (!missing.contains(e.getKey())) {
                had += e.getValue();
            }
        }
        progress.reused(had);
        progress.advance(0, had);
        if (missing.isEmpty()) {
            return new long[] {0, 0};
        }
        if (space.equals(from)) {
            throw new CorruptDataException(id, missing.size() + " blob(s) of the snapshot are missing from " + space + ", for example "
                    + missing.iterator().next());
        }
        long bytes = 0;
        List<String> all = new ArrayList<>(missing);
        for (int i = 0; i < all.size(); i += COPY_BATCH) {
            List<String> batch = all.subList(i, Math.min(all.size(), i + COPY_BATCH));
            List<byte[]> got = provider.getBlobs(from, batch);
            List<Blob> blobs = new ArrayList<>(batch.size());
            for (int k = 0; k < batch.size(); k++) {
                byte[] data = got.get(k);
                if (data == null) {
                    throw new CorruptDataException(id, "blob " + batch.get(k) + " is missing from " + from);
                }
                blobs.add(new Blob(batch.get(k), data));
                bytes += data.length;
            }
            provider.putBlobs(space, blobs);
            progress.advance(0, batch.stream().mapToLong(b -> lengths.getOrDefault(b, 0L)).sum());
        }
        return new long[] {all.size(), bytes};
    }

    /** Applies retention to the head now and collects the user's space. */
    GarbageReport prune(SessionId id, Head head, LeaseKeeper lease) {
        HeadPublisher.Published pruned = publisher.prune(id, head, clock.instant(), lease);
        keepAlive(id, pruned == null ? head : pruned.head(), Set.of());
        return collector.collect(id.userId());
    }

    GarbageReport collect(String userId) {
        return collector.collect(userId);
    }

    io.browserstate.api.StoreUsage usage(String userId) {
        return collector.usage(userId);
    }

    long collectQuietly(String userId) {
        return collector.collectQuietly(userId);
    }

    /** Forgets the versions this engine published of a session it deleted. */
    void deleted(SessionId id) {
        publisher.forget(id);
    }

    // ------------------------------------------------------------------------------------- migration

    /** What migrating one session did. */
    record Migrated(Head head, long blobsCopied, long bytesCopied, long blobsDeleted) {
    }

    /**
     * Moves a format-1 session to format 2 under its lease: copies every kept snapshot's blobs into the
     * user's shared space, writes a record per kept snapshot, republishes the head at the same version,
     * then deletes the session's own space. A format-2 head only has leftovers of an interrupted run
     * deleted.
     */
    Migrated migrate(SessionId id, Head head, LeaseKeeper lease) {
        BlobSpace own = BlobSpace.ofSession(id);
        if (head.format() == 2) {
            return new Migrated(head, 0, 0, deleteOwnSpace(own));
        }
        BlobSpace space = BlobSpace.shared(id.userId());
        List<Kept> kept = kept(id, head);
        for (int attempt = 1; ; attempt++) {
            Instant claimedAt = provider.time();
            long copied = 0;
            long bytes = 0;
            List<String> recordIds = new ArrayList<>();
            for (Kept k : kept) {
                long[] c;
                try {
                    Manifest m = manifests.load(id, own, k.info().manifestId());
                    c = claimOrCopy(id, space, own, ManifestStore.blobIds(k.info().manifestId(), m));
                } catch (CorruptDataException e) {
                    if (k.info().current()) {
                        throw e;
                    }
                    LOG.warn("Session " + id + ": older version " + k.info().version() + " cannot be read and"
                            + " is not carried into format 2: " + e.getMessage());
                    continue;
                }
                copied += c[0];
                bytes += c[1];
                SnapshotInfo i = k.info();
                recordIds.add(manifests.storeRecord(id, space, SnapshotRecord.of(i.version(), i.manifestId(), i.savedAt(), i.savedBy(),
                        i.sizeBytes(), i.fileCount(), i.browserVersion(), i.attributes(), SnapshotInfo.Origin.MIGRATION, null, null, id)).id());
            }
            Head next = new Head(head.version(), head.manifestId(), recordIds.get(0), recordIds.subList(1, recordIds.size()),
                    head.createdAt(), head.updatedAt(), head.accessedAt(), head.sizeBytes(), head.fileCount(), head.browserVersion(),
                    head.attributes());
            if (!replaceHead(id, head, next, lease, claimedAt, attempt, "migrated", "copying its blobs",
                    "It stays in format 1; run the migration again.")) {
                continue;
            }
            LOG.info("Migrated " + id + " v" + head.version() + " to format 2: " + kept.size() + " snapshot(s), "
                    + copied + " blob(s) copied");
            return new Migrated(next, copied, bytes, deleteOwnSpace(own));
        }
    }

    // ----------------------------------------------------------------------------------------- rekey

    /** Whether new blobs are encrypted. */
    boolean encrypts() {
        return blobs.encrypting();
    }

    /** What rekeying one session did. */
    record Rekeyed(Head head, long snapshotsRewritten, long blobsWritten, long bytesWritten) {
    }

    /** Whether a stored blob (a record) was written the way this engine writes new ones: under its key, or plain when it does not encrypt. */
    private boolean writtenAsNow(BlobSpace space, String blobId) {
        byte[] raw = provider.getBlobs(space, List.of(blobId)).get(0);
        return raw == null || Objects.equals(Blobs.keyIdOf(raw), blobs.currentKeyId());
    }

    /**
     * Whether a kept snapshot's record, manifest and chunks were written the way this engine writes new
     * ones: the manifest records the encryption of its chunks (a save never reuses chunks written
     * another way; a checkpoint over an older snapshot records that snapshot's).
     */
    private boolean writtenAsNow(SessionId id, BlobSpace space, String recordId) {
        String manifestId = manifests.loadRecord(id, space, recordId).manifest();
        return writtenAsNow(space, recordId) && writtenAsNow(space, manifestId)
                && blobs.encryption().equals(manifests.load(id, space, manifestId).encryption());
    }

    /** Whether {@link #rekey} would rewrite anything of a format-2 head. */
    boolean needsRekey(SessionId id, Head head) {
        BlobSpace space = head.space(id);
        if (!writtenAsNow(id, space, head.snapshotId())) {
            return true;
        }
        for (String recordId : head.history()) {
            if (!writtenAsNow(id, space, recordId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Rewrites every kept snapshot of a format-2 head that was not written the way this engine writes
     * (another key, or the other form) and republishes the head at the same version under the lease.
     * Returns {@code null} when nothing needed rewriting. Chunks that an interrupted run rewrote already
     * are found by their new ids and not written again.
     */
    Rekeyed rekey(SessionId id, Head head, LeaseKeeper lease) {
        if (!needsRekey(id, head)) {
            return null;
        }
        BlobSpace space = head.space(id);
        List<String> records = new ArrayList<>();
        records.add(head.snapshotId());
        records.addAll(head.history());
        for (int attempt = 1; ; attempt++) {
            Instant claimedAt = provider.time();
            Map<String, String> renamed = new HashMap<>();
            long[] written = new long[2];
            long rewritten = 0;
            List<String> recordIds = new ArrayList<>();
            String manifestId = head.manifestId();
            for (String recordId : records) {
                SnapshotRecord r = manifests.loadRecord(id, space, recordId);
                if (writtenAsNow(id, space, recordId)) {
                    recordIds.add(recordId);
                    continue;
                }
                ManifestStore.Stored stored = rewrite(id, space, manifests.load(id, space, r.manifest()), space, renamed, written);
                written[0] += stored.blobsWritten();
                written[1] += stored.bytesWritten();
                SnapshotRecord next = new SnapshotRecord(SnapshotRecord.FORMAT, r.version(), stored.id(), r.savedAt(), r.savedBy(), r.sizeBytes(),
                        r.fileCount(), r.browserVersion(), r.attributes(), r.origin(), r.originSession(), r.originVersion(),
                        id.userId() + "/" + id.sessionId());
                ManifestStore.StoredRecord sr = manifests.storeRecord(id, space, next);
                written[0] += sr.blobsWritten();
                written[1] += sr.bytesWritten();
                recordIds.add(sr.id());
                if (recordId.equals(head.snapshotId())) {
                    manifestId = stored.id();
                }
                rewritten++;
            }
            Head next = new Head(head.version(), manifestId, recordIds.get(0), recordIds.subList(1, recordIds.size()), head.createdAt(),
                    head.updatedAt(), head.accessedAt(), head.sizeBytes(), head.fileCount(), head.browserVersion(), head.attributes());
            if (!replaceHead(id, head, next, lease, claimedAt, attempt, "rekeyed", "rewriting its snapshots",
                    "Its snapshots stay under their old key; run rekey again.")) {
                continue;
            }
            long snapshots = rewritten;
            LOG.atInfo().setMessage(() -> "Rekeyed " + id + " v" + head.version() + ": " + snapshots + " snapshot(s) rewritten"
                    + (blobs.currentKeyId() == null ? " in plain form" : " under key " + blobs.currentKeyId())).log();
            collector.collectAfterPublish(id.userId());
            return new Rekeyed(next, rewritten, written[0], written[1]);
        }
    }

    /**
     * Reads every chunk of {@code manifest} from {@code from} (verified, decrypted), writes it into
     * {@code to} the way this engine writes new blobs (those {@code to} lacks), and stores the manifest
     * naming the new ids. {@code renamed} maps old chunk ids to new ones across calls, so a chunk shared by
     * several snapshots is read once; {@code written} accumulates {blobs, bytes} written.
     */
    private ManifestStore.Stored rewrite(SessionId readAs, BlobSpace from, Manifest manifest, BlobSpace to, Map<String, String> renamed,
            long[] written) {
        String fromContext = Blobs.spaceContext(from);
        String toContext = Blobs.spaceContext(to);
        // a packed file's digest is an id like a chunk's: it is renamed too, from the pack's bytes, and a pack is
        // read again when one of its files' digests is not yet renamed
        Map<String, List<Manifest.Entry>> packed = new HashMap<>();
        for (Manifest.Entry e : manifest.entries()) {
            if (e.isPacked()) {
                packed.computeIfAbsent(e.chunks().get(0), k -> new ArrayList<>()).add(e);
            }
        }
        List<String> todo = new ArrayList<>();
        for (String chunk : ManifestStore.chunkIds(manifest)) {
            if (!renamed.containsKey(chunk)
                    || packed.getOrDefault(chunk, List.of()).stream().anyMatch(e -> !renamed.containsKey(e.digest()))) {
                todo.add(chunk);
            }
        }
        for (int i = 0; i < todo.size(); i += COPY_BATCH) {
            List<String> batch = todo.subList(i, Math.min(todo.size(), i + COPY_BATCH));
            List<byte[]> got = provider.getBlobs(from, batch);
            Map<String, byte[]> plain = new java.util.LinkedHashMap<>();
            for (int k = 0; k < batch.size(); k++) {
                byte[] raw = got.get(k);
                if (raw == null) {
                    throw new CorruptDataException(readAs, "chunk " + batch.get(k) + " is missing from " + from);
                }
                byte[] data;
                try {
                    data = blobs.decode(readAs, from, fromContext, batch.get(k), raw, -1, BrowserStateOptions.MAX_CHUNK_SIZE);
                } catch (IllegalStateException e) {
                    throw new CorruptDataException(readAs, e.getMessage(), e);
                }
                String newId = blobs.id(to, data);
                renamed.put(batch.get(k), newId);
                for (Manifest.Entry e : packed.getOrDefault(batch.get(k), List.of())) {
                    if (e.packOffset() < 0 || e.packOffset() > data.length || e.sizeOrZero() < 0
                            || e.sizeOrZero() > data.length - e.packOffset()) {
                        throw new CorruptDataException(readAs, "file entry " + io.browserstate.core.tree.TreeNames.quote(e.path())
                                + " lies outside its pack " + batch.get(k));
                    }
                    renamed.put(e.digest(), blobs.id(to, data, (int) (long) e.packOffset(), (int) e.sizeOrZero()));
                }
                plain.put(newId, data);
            }
            Set<String> missing = provider.claimBlobs(to, plain.keySet());
            List<Blob> toPut = new ArrayList<>(missing.size());
            for (String newId : missing) {
                byte[] data = plain.get(newId);
                byte[] encoded = blobs.encode(toContext, newId, data, 0, data.length);
                toPut.add(new Blob(newId, encoded));
                written[1] += encoded.length;
            }
            if (!toPut.isEmpty()) {
                provider.putBlobs(to, toPut);
                written[0] += toPut.size();
            }
        }
        List<Manifest.Entry> entries = new ArrayList<>(manifest.entries().size());
        Set<String> claimed = new java.util.HashSet<>();
        for (Manifest.Entry e : manifest.entries()) {
            if (e.chunks() == null) {
                entries.add(e);
                continue;
            }
            List<String> chunks = e.chunks().stream().map(renamed::get).toList();
            claimed.addAll(chunks);
            entries.add(e.withChunks(chunks, e.isPacked() ? renamed.get(e.digest()) : null));
        }
        // every chunk was claimed above, by this call or an earlier one of the same attempt
        return manifests.store(to, new Manifest(Manifest.formatOf(entries), manifest.createdAt(), codec.name(), blobs.encryption(),
                manifest.scanStartedAt(), entries, null), claimed);
    }

    /**
     * Republishes a session's head at the same version (a migration, a rekey) within the deadline of
     * claims made at {@code claimedAt}. Returns {@code false} when the deadline passed on the first
     * attempt (the caller claims again and retries); throws on the second.
     */
    private boolean replaceHead(SessionId id, Head head, Head next, LeaseKeeper lease, Instant claimedAt, int attempt, String action,
            String doing, String again) {
        try {
            publisher.replace(id, head.version(), next, lease, publisher.deadline(claimedAt), action, again);
            return true;
        } catch (HeadPublisher.DeadlinePassed e) {
            if (attempt >= DEADLINE_ATTEMPTS) {
                throw new io.browserstate.api.StorageException("Session " + id + " was not " + action + ": " + doing + " took longer than"
                        + " gcGrace (" + options.gcGrace() + ") twice; raise gcGrace. " + again);
            }
            return false;
        }
    }

    /** Whether the session still has blobs in a format-1 space of its own (not migrated, or an interrupted migration's leftovers). */
    boolean hasOwnSpace(SessionId id) {
        return !provider.listBlobs(BlobSpace.ofSession(id)).isEmpty();
    }

    private long deleteOwnSpace(BlobSpace own) {
        Set<String> left = provider.listBlobs(own).keySet();
        return left.isEmpty() ? 0 : provider.deleteBlobs(own, left, provider.time());
    }
}
