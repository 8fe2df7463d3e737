package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SkippedFile;
import io.browserstate.api.StorageException;
import io.browserstate.core.tree.Hashing;
import io.browserstate.core.tree.StagingDirectory;
import io.browserstate.core.tree.TreeNames;
import io.browserstate.core.tree.TreePlan;
import io.browserstate.core.tree.TreeWriter;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobIds;
import io.browserstate.spi.CompressionCodec;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.ProviderCapabilities;
import io.browserstate.spi.StorageProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Saves a directory as a content-addressed snapshot and restores snapshots, with bounded memory:
 * at most {@code parallelism + 1} batches of chunks are in flight at once.
 */
public final class SnapshotEngine {
    private static final System.Logger LOG = System.getLogger(SnapshotEngine.class.getName());
    /** Largest manifest accepted on restore (decoded). */
    static final int MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
    private static final int MAX_CHUNKS_PER_BATCH = 512;
    /** A manifest larger than this is stored in parts, so no blob exceeds a provider's value limit. */
    static final int MANIFEST_PART_BYTES = 4 * 1024 * 1024;
    /** How long before the previous scan a file's mtime must be for its chunks to be reused unread. */
    static final long MTIME_TRUST_MARGIN_NANOS = 2_000_000_000L;

    private final StorageProvider provider;
    private final BrowserStateOptions options;
    private final Codecs codecs;
    private final CompressionCodec codec;
    private final ExcludePolicy excludes;
    private final ExecutorService workers;
    private final Clock clock;
    private final int batchBytes;
    private final int manifestPartBytes;

    /** The snapshot a save starts from: nothing, or the current head and its manifest. */
    public record Base(Head head, Manifest manifest) {
        public static final Base NONE = new Base(null, null);

        public long version() {
            return head == null ? 0 : head.version();
        }
    }

    /** A published save. */
    public record Saved(SaveResult result, Base base) {
    }

    public SnapshotEngine(StorageProvider provider, BrowserStateOptions options, Codecs codecs, ExecutorService workers, Clock clock) {
        this.provider = provider;
        this.options = options;
        this.codecs = codecs;
        this.codec = codecs.get(options.compression());
        this.excludes = ExcludePolicy.of(options);
        this.workers = workers;
        this.clock = clock;
        int preferred = provider.capabilities().preferredBatchBytes();
        this.batchBytes = Math.max(options.chunkSize(), preferred <= 0 ? ProviderCapabilities.DEFAULT_BATCH_BYTES : preferred);
        long maxBlob = provider.capabilities().maxBlobBytes();
        this.manifestPartBytes = (int) Math.min(MANIFEST_PART_BYTES, maxBlob > 0 ? maxBlob - 64 : MANIFEST_PART_BYTES);
        if (provider.capabilities().maxBlobBytes() > 0 && provider.capabilities().maxBlobBytes() < options.chunkSize() + 64) {
            throw new io.browserstate.api.InvalidConfigurationException("chunkSize " + options.chunkSize()
                    + " is larger than the provider's largest blob (" + provider.capabilities().maxBlobBytes() + " bytes)");
        }
    }

    // ------------------------------------------------------------------------------------------ save

    private static final class FileWork {
        final Scanner.Scanned scanned;
        final List<String> chunks = new ArrayList<>();
        long size;

        FileWork(Scanner.Scanned scanned) {
            this.scanned = scanned;
        }

        synchronized int addSlot() {
            chunks.add(null);
            return chunks.size() - 1;
        }

        synchronized void set(int index, String id) {
            chunks.set(index, id);
        }

        synchronized List<String> ids() {
            return List.copyOf(chunks);
        }
    }

    private record Pending(FileWork file, int index, byte[] data) {
    }

    private final class SaveRun {
        final SessionId id;
        final Set<String> known;
        final Set<String> claimed = ConcurrentHashMap.newKeySet();
        final AtomicLong blobsWritten = new AtomicLong();
        final AtomicLong bytesWritten = new AtomicLong();
        final AtomicLong reused = new AtomicLong();
        final BoundedTasks tasks = new BoundedTasks(workers, options.parallelism() + 1);

        SaveRun(SessionId id, Set<String> known) {
            this.id = id;
            this.known = known;
        }

        void submit(List<Pending> batch) throws InterruptedException {
            tasks.submit(() -> upload(batch));
        }

        void upload(List<Pending> batch) {
            Map<String, Pending> candidates = new LinkedHashMap<>();
            for (Pending p : batch) {
                String blobId = Hashing.sha256(p.data);
                p.file.set(p.index, blobId);
                if (!known.contains(blobId) && claimed.add(blobId)) {
                    candidates.put(blobId, p);
                } else {
                    reused.incrementAndGet();
                }
            }
            if (candidates.isEmpty()) {
                return;
            }
            Set<String> missing = provider.missingBlobs(id, candidates.keySet());
            reused.addAndGet(candidates.size() - missing.size());
            List<Blob> blobs = new ArrayList<>(missing.size());
            long bytes = 0;
            for (Map.Entry<String, Pending> e : candidates.entrySet()) {
                if (missing.contains(e.getKey())) {
                    byte[] data = e.getValue().data;
                    byte[] encoded = BlobFormat.encode(data, 0, data.length, codec);
                    blobs.add(new Blob(e.getKey(), encoded));
                    bytes += encoded.length;
                }
            }
            if (!blobs.isEmpty()) {
                provider.putBlobs(id, blobs);
                blobsWritten.addAndGet(blobs.size());
                bytesWritten.addAndGet(bytes);
            }
        }

        void awaitAll() throws InterruptedException {
            Throwable t = tasks.awaitAll();
            if (t != null) {
                throw propagate(t);
            }
        }

        void cancel() {
            tasks.cancel();
        }
    }

    /**
     * Saves {@code dir} as the session's next snapshot and publishes it with a compare-and-set from
     * {@code base}.
     *
     * @throws SessionConflictException when the head moved or the lease was lost
     * @throws StorageException, UncheckedIOException on store or local I/O failures
     */
    public Saved save(SessionId id, Path dir, Base base, LeaseKeeper lease, SaveOptions saveOptions) {
        Instant started = clock.instant();
        long scanStartedAt = started.getEpochSecond() * 1_000_000_000L + started.getNano();
        long t0 = System.nanoTime();
        Scanner.Result scan;
        try {
            scan = Scanner.scan(dir, excludes, options.maxFileSize());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot scan profile directory " + dir + ": " + e.getMessage(), e);
        }
        Map<String, Manifest.Entry> baseEntries = new HashMap<>();
        Set<String> known = new HashSet<>();
        if (base.manifest() != null) {
            for (Manifest.Entry e : base.manifest().entries()) {
                baseEntries.put(e.path(), e);
                if (e.chunks() != null) {
                    known.addAll(e.chunks());
                }
            }
        }
        // File systems stamp mtimes from a coarse clock: a file rewritten within the same tick keeps its
        // mtime. Only a file whose mtime is well before the previous scan began cannot have changed unseen.
        Long trustedBefore = base.manifest() == null || base.manifest().scanStartedAt() == null ? null
                : base.manifest().scanStartedAt() - MTIME_TRUST_MARGIN_NANOS;
        List<SkippedFile> skipped = new ArrayList<>(scan.skipped());
        SaveRun run = new SaveRun(id, known);
        List<Object> slots = new ArrayList<>(scan.entries().size());
        List<Pending> batch = new ArrayList<>();
        long batchSize = 0;
        try {
            for (Scanner.Scanned s : scan.entries()) {
                if (!Manifest.Entry.FILE.equals(s.type())) {
                    slots.add(s);
                    continue;
                }
                Manifest.Entry previous = baseEntries.get(s.path());
                if (options.trustMtime() && previous != null && previous.isFile() && previous.size() != null
                        && previous.size() == s.size() && previous.mtime() != null && previous.mtime() == s.mtimeNanos()
                        && trustedBefore != null && s.mtimeNanos() < trustedBefore) {
                    slots.add(new Manifest.Entry(s.path(), Manifest.Entry.FILE, s.mode(), s.mtimeNanos(), s.size(),
                            previous.chunkSize(), previous.chunks(), null));
                    run.reused.addAndGet(previous.chunks().size());
                    continue;
                }
                FileWork work = new FileWork(s);
                slots.add(work);
                try (FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    long remaining = s.size();
                    while (remaining > 0) {
                        if (run.tasks.failure() != null) {
                            throw propagate(run.tasks.failure());
                        }
                        int want = (int) Math.min(options.chunkSize(), remaining);
                        byte[] data = readUpTo(ch, want);
                        if (data.length == 0) {
                            break;
                        }
                        work.size += data.length;
                        remaining -= data.length;
                        batch.add(new Pending(work, work.addSlot(), data));
                        batchSize += data.length;
                        if (batchSize >= batchBytes || batch.size() >= MAX_CHUNKS_PER_BATCH) {
                            run.submit(batch);
                            batch = new ArrayList<>();
                            batchSize = 0;
                        }
                        if (data.length < want) {
                            break;
                        }
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    slots.set(slots.size() - 1, null);
                    skipped.add(new SkippedFile(s.path(), s.size(), "vanished during the save"));
                }
            }
            if (!batch.isEmpty()) {
                run.submit(batch);
            }
            run.awaitAll();
        } catch (IOException e) {
            run.cancel();
            throw new UncheckedIOException("Cannot read the profile in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel();
            throw new BrowserStateException("Save of " + id + " was interrupted", e);
        } catch (RuntimeException | Error e) {
            run.cancel();
            throw e;
        }

        List<Manifest.Entry> entries = new ArrayList<>(slots.size());
        long fileCount = 0;
        long totalBytes = 0;
        long chunkCount = 0;
        for (Object slot : slots) {
            Manifest.Entry entry;
            if (slot == null) {
                continue;
            } else if (slot instanceof Manifest.Entry e) {
                entry = e;
            } else if (slot instanceof FileWork w) {
                entry = new Manifest.Entry(w.scanned.path(), Manifest.Entry.FILE, w.scanned.mode(), w.scanned.mtimeNanos(),
                        w.size, options.chunkSize(), w.ids(), null);
            } else {
                Scanner.Scanned s = (Scanner.Scanned) slot;
                entry = new Manifest.Entry(s.path(), s.type(), s.mode(), s.mtimeNanos(), null, null, null, s.target());
            }
            if (entry.isFile()) {
                fileCount++;
                totalBytes += entry.sizeOrZero();
                chunkCount += entry.chunks().size();
            }
            entries.add(entry);
        }
        Instant now = clock.instant();
        Manifest manifest = new Manifest(Manifest.FORMAT, now.toString(), codec.name(), options.encryption(), scanStartedAt, entries, null);
        byte[] json = manifest.toJson();
        Map<String, byte[]> manifestBlobs = new LinkedHashMap<>();
        String manifestId;
        if (json.length <= manifestPartBytes) {
            manifestId = Hashing.sha256(json);
            manifestBlobs.put(manifestId, json);
        } else {
            List<String> partIds = new ArrayList<>();
            for (int off = 0; off < json.length; off += manifestPartBytes) {
                byte[] part = java.util.Arrays.copyOfRange(json, off, Math.min(json.length, off + manifestPartBytes));
                String partId = Hashing.sha256(part);
                partIds.add(partId);
                manifestBlobs.put(partId, part);
            }
            byte[] pointer = new Manifest(Manifest.FORMAT, now.toString(), codec.name(), options.encryption(), null, List.of(), partIds).toJson();
            manifestId = Hashing.sha256(pointer);
            manifestBlobs.put(manifestId, pointer);
            manifest = manifest.withParts(partIds);
        }
        long blobsWritten = run.blobsWritten.get();
        long bytesWritten = run.bytesWritten.get();
        Set<String> missingManifestBlobs = provider.missingBlobs(id, manifestBlobs.keySet());
        List<Blob> toPut = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : manifestBlobs.entrySet()) {
            if (missingManifestBlobs.contains(e.getKey())) {
                byte[] encoded = BlobFormat.encode(e.getValue(), 0, e.getValue().length, codec);
                toPut.add(new Blob(e.getKey(), encoded));
                blobsWritten++;
                bytesWritten += encoded.length;
            }
        }
        if (!toPut.isEmpty()) {
            provider.putBlobs(id, toPut);
        }

        Head previous = base.head();
        List<String> history = new ArrayList<>();
        if (previous != null) {
            LinkedHashSet<String> h = new LinkedHashSet<>();
            h.add(previous.manifestId());
            h.addAll(previous.history());
            h.remove(manifestId);
            for (String m : h) {
                if (history.size() >= options.keepSnapshots() - 1) {
                    break;
                }
                history.add(m);
            }
        }
        Map<String, String> attributes = new HashMap<>(previous == null ? Map.of() : previous.attributes());
        attributes.putAll(saveOptions.attributes());
        String browser = saveOptions.browserVersion() != null ? saveOptions.browserVersion()
                : previous == null ? null : previous.browserVersion();
        Head next = new Head(base.version() + 1, manifestId, history, previous == null ? now : previous.createdAt(), now, now,
                totalBytes, fileCount, browser, attributes);
        HeadUpdate update = provider.compareAndSetHead(id, base.version(), next, lease == null ? null : lease.lease());
        if (!update.published() && !isPublished(id, next)) {
            throw new SessionConflictException(id, "Session " + id + " was not saved: " + (update == HeadUpdate.LEASE_LOST
                    ? "its lease was lost (it lapsed, or another worker took it over)"
                    : "another writer published a version after " + base.version() + " first")
                    + ". The previous snapshot stays current; the local profile in " + dir + " was kept.");
        }
        long collected = collectGarbage(id, next, manifest, base, lease);
        SaveResult result = new SaveResult(id, next.version(), manifestId, fileCount, totalBytes, chunkCount, blobsWritten, bytesWritten,
                run.reused.get(), skipped, scan.excluded(), collected, Duration.ofNanos(System.nanoTime() - t0));
        if (!skipped.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, () -> "Save of " + id + " skipped " + skipped.size() + " file(s): " + skipped);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "Saved " + id + " v" + next.version() + " since " + started + ": " + result);
        return new Saved(result, new Base(next, manifest));
    }

    /**
     * Whether {@code next} is the current head after all: a client that resends a command after a lost
     * connection can report a compare-and-set as failed although its first attempt succeeded.
     */
    private boolean isPublished(SessionId id, Head next) {
        return provider.readHead(id).filter(h -> h.version() == next.version() && h.manifestId().equals(next.manifestId())
                && h.updatedAt().equals(next.updatedAt())).isPresent();
    }

    private static byte[] readUpTo(FileChannel ch, int want) throws IOException {
        byte[] data = new byte[want];
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                break;
            }
        }
        return buf.position() == want ? data : java.util.Arrays.copyOf(data, buf.position());
    }

    /**
     * Deletes every blob of the session that no retained snapshot references. Never fails a save.
     *
     * <p>Safe against a stale view: it runs only while the session's head is still the one this save
     * published, and the provider deletes only while this save's lease is the session's current lease,
     * atomically with that check. A writer that stalled past its lease (GC pause, SIGSTOP) and wakes up
     * to collect is refused, so it can never delete what the lease's next holder published or reuses.
     * Without a lease (a provider without leases) nothing is collected.
     */
    private long collectGarbage(SessionId id, Head head, Manifest current, Base base, LeaseKeeper lease) {
        if (lease == null) {
            return 0;
        }
        try {
            Set<String> reachable = new HashSet<>();
            reachable.add(head.manifestId());
            addChunks(reachable, current);
            for (String older : head.history()) {
                reachable.add(older);
                Manifest m = base.head() != null && older.equals(base.head().manifestId()) ? base.manifest() : loadManifest(id, older);
                addChunks(reachable, m);
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

    private static void addChunks(Set<String> into, Manifest m) {
        if (m.parts() != null) {
            into.addAll(m.parts());
        }
        for (Manifest.Entry e : m.entries()) {
            if (e.chunks() != null) {
                into.addAll(e.chunks());
            }
        }
    }

    // --------------------------------------------------------------------------------------- restore

    /** Reads and verifies a manifest, reassembling it from its parts when it was stored in several blobs. */
    public Manifest loadManifest(SessionId id, String manifestId) {
        Manifest m = parseManifest(id, manifestId, readManifestBlob(id, manifestId, MAX_MANIFEST_BYTES));
        if (m.parts() == null) {
            return m;
        }
        if (m.parts().isEmpty() || !m.entries().isEmpty()) {
            throw new CorruptDataException(id, "manifest " + manifestId + " is a malformed list of parts");
        }
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        for (String part : m.parts()) {
            if (!BlobIds.isValid(part)) {
                throw new CorruptDataException(id, "manifest " + manifestId + " names an invalid part id");
            }
            byte[] bytes = readManifestBlob(id, part, MAX_MANIFEST_BYTES - whole.size());
            whole.write(bytes, 0, bytes.length);
        }
        Manifest full = parseManifest(id, manifestId, whole.toByteArray());
        if (full.parts() != null) {
            throw new CorruptDataException(id, "manifest " + manifestId + " nests parts inside parts");
        }
        return full.withParts(m.parts());
    }

    private byte[] readManifestBlob(SessionId id, String blobId, int maxLength) {
        List<byte[]> got = provider.getBlobs(id, List.of(blobId));
        if (got.size() != 1) {
            throw new StorageException(provider.describe() + " returned " + got.size() + " blobs for 1 id of session " + id);
        }
        byte[] raw = got.get(0);
        if (raw == null) {
            throw new CorruptDataException(id, "manifest blob " + blobId + " is missing from the store");
        }
        try {
            return BlobFormat.decode(blobId, raw, -1, Math.max(0, maxLength), codecs);
        } catch (IllegalStateException e) {
            throw new CorruptDataException(id, "manifest " + e.getMessage(), e);
        }
    }

    private static Manifest parseManifest(SessionId id, String manifestId, byte[] json) {
        Manifest m;
        try {
            m = Manifest.fromJson(json);
        } catch (IOException e) {
            throw new CorruptDataException(id, "manifest " + manifestId + " is not valid: " + e.getMessage(), e);
        }
        if (m.format() != Manifest.FORMAT) {
            throw new CorruptDataException(id, "manifest " + manifestId + " has format " + m.format() + "; this reader knows format " + Manifest.FORMAT);
        }
        return m;
    }

    private record ChunkRef(String file, long offset, String id, int length) {
    }

    /**
     * Restores a snapshot into {@code target} (absent or an empty directory) through the tree pipeline:
     * validated whole first, written into a private staging directory beside it, moved into place at the
     * end. On failure nothing is left behind and {@code target} is as it was.
     */
    public RestoreResult restore(SessionId id, Head head, Manifest manifest, Path target) {
        long t0 = System.nanoTime();
        TreePlan<Manifest.Entry> plan = validate(id, manifest);
        AtomicLong bytesRead = new AtomicLong();
        try (StagingDirectory staging = StagingDirectory.beside(target)) {
            TreeWriter writer = staging.writer();
            for (TreePlan.Entry<Manifest.Entry> dir : plan.directories()) {
                writer.directory(dir.name());
            }
            List<ChunkRef> refs = new ArrayList<>();
            for (TreePlan.Entry<Manifest.Entry> file : plan.files()) {
                Manifest.Entry e = file.source();
                // a file with content is created by the worker writing its first chunk, so that creating
                // files (slow on busy file systems) overlaps fetching instead of preceding it
                if (e.chunks().isEmpty()) {
                    writer.newFile(file.name()).close();
                }
                long offset = 0;
                for (String chunk : e.chunks()) {
                    int len = (int) Math.min(e.chunkSize(), e.size() - offset);
                    refs.add(new ChunkRef(file.name(), offset, chunk, len));
                    offset += len;
                }
            }
            fetchChunks(id, writer, refs, bytesRead);
            for (TreePlan.Entry<Manifest.Entry> file : plan.files()) {
                if (options.fsync()) {
                    writer.force(file.name());
                }
                writer.attributes(file.name(), file.mode(), file.mtimeNanos());
            }
            for (TreePlan.Entry<Manifest.Entry> link : plan.links()) {
                writer.symlink(link.name(), link.linkTarget());
            }
            List<TreePlan.Entry<Manifest.Entry>> dirs = plan.directories();
            for (int i = dirs.size() - 1; i >= 0; i--) {
                writer.attributes(dirs.get(i).name(), dirs.get(i).mode(), dirs.get(i).mtimeNanos());
            }
            staging.commit();
            return new RestoreResult(id, head.version(), head.manifestId(), staging.target(), plan.files().size(), plan.fileBytes(),
                    bytesRead.get(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new UncheckedIOException("Restore of " + id + " into " + target.toAbsolutePath() + " failed: " + e.getMessage(), e);
        }
    }

    private void fetchChunks(SessionId id, TreeWriter writer, List<ChunkRef> refs, AtomicLong bytesRead) throws IOException {
        BoundedTasks tasks = new BoundedTasks(workers, options.parallelism() + 1);
        Throwable t;
        try {
            int i = 0;
            while (i < refs.size() && tasks.failure() == null) {
                List<ChunkRef> batch = new ArrayList<>();
                long size = 0;
                while (i < refs.size() && (batch.isEmpty() || (size + refs.get(i).length <= batchBytes && batch.size() < MAX_CHUNKS_PER_BATCH))) {
                    size += refs.get(i).length;
                    batch.add(refs.get(i++));
                }
                tasks.submit(() -> fetchBatch(id, writer, batch, bytesRead));
            }
            t = tasks.awaitAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            t = new BrowserStateException("Restore of " + id + " was interrupted", e);
        }
        if (t != null) {
            tasks.cancel();
            if (t instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (t instanceof IOException io) {
                throw io;
            }
            throw propagate(t);
        }
    }

    private void fetchBatch(SessionId id, TreeWriter writer, List<ChunkRef> batch, AtomicLong bytesRead) throws IOException {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(batch.stream().map(ChunkRef::id).toList()));
        List<byte[]> blobs = provider.getBlobs(id, ids);
        if (blobs.size() != ids.size()) {
            throw new StorageException(provider.describe() + " returned " + blobs.size() + " blobs for " + ids.size() + " ids of session " + id);
        }
        Map<String, byte[]> plain = new HashMap<>();
        for (int k = 0; k < ids.size(); k++) {
            byte[] raw = blobs.get(k);
            if (raw == null) {
                throw new CorruptDataException(id, "chunk " + ids.get(k) + " is missing from the store");
            }
            bytesRead.addAndGet(raw.length);
            plain.put(ids.get(k), raw);
        }
        Map<String, byte[]> decoded = new HashMap<>();
        for (ChunkRef ref : batch) {
            byte[] data = decoded.get(ref.id);
            if (data == null) {
                try {
                    data = BlobFormat.decode(ref.id, plain.get(ref.id), ref.length, BrowserStateOptions.MAX_CHUNK_SIZE, codecs);
                } catch (IllegalStateException e) {
                    throw new CorruptDataException(id, e.getMessage() + " (file " + TreeNames.quote(ref.file) + ")", e);
                }
                decoded.put(ref.id, data);
            }
            try (FileChannel ch = writer.openForChunks(ref.file)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                long pos = ref.offset;
                while (buf.hasRemaining()) {
                    pos += ch.write(buf, pos);
                }
            }
        }
    }

    /**
     * Checks every entry before anything is written: the native format's own fields here, names, links,
     * ancestors and limits in the tree pipeline.
     */
    TreePlan<Manifest.Entry> validate(SessionId id, Manifest manifest) {
        List<TreePlan.Entry<Manifest.Entry>> raw = new ArrayList<>(manifest.entries().size());
        for (Manifest.Entry e : manifest.entries()) {
            if (e == null) {
                throw new CorruptDataException(id, "manifest has a null entry");
            }
            if (e.mode() != null && (e.mode() < 0 || e.mode() > 07777)) {
                throw new CorruptDataException(id, "entry " + TreeNames.quote(e.path()) + " has invalid mode " + e.mode());
            }
            TreePlan.Kind kind = switch (e.type() == null ? "" : e.type()) {
                case Manifest.Entry.DIR -> TreePlan.Kind.DIRECTORY;
                case Manifest.Entry.FILE -> TreePlan.Kind.FILE;
                case Manifest.Entry.SYMLINK -> TreePlan.Kind.SYMLINK;
                default -> throw new CorruptDataException(id, "entry " + TreeNames.quote(e.path()) + " has unknown type '" + e.type() + "'");
            };
            raw.add(new TreePlan.Entry<>(e.path(), kind, e.mode() == null ? -1 : e.mode(), e.mtime() == null ? Long.MIN_VALUE : e.mtime(),
                    e.size() == null ? -1 : e.size(), e.target(), e));
        }
        TreePlan<Manifest.Entry> plan = TreePlan.build(id, raw, new TreePlan.Limits(options.maxRestoreBytes(), options.maxRestoreFiles(), "maxRestoreFiles"));
        for (TreePlan.Entry<Manifest.Entry> file : plan.files()) {
            Manifest.Entry e = file.source();
            if (e.size() == null || e.size() < 0 || e.chunks() == null || e.chunkSize() == null
                    || e.chunkSize() < 1 || e.chunkSize() > BrowserStateOptions.MAX_CHUNK_SIZE) {
                throw new CorruptDataException(id, "file entry " + TreeNames.quote(e.path()) + " lacks a valid size, chunkSize or chunk list");
            }
            long expectedChunks = (e.size() + e.chunkSize() - 1) / e.chunkSize();
            if (e.chunks().size() != expectedChunks) {
                throw new CorruptDataException(id, "file entry " + TreeNames.quote(e.path()) + " has " + e.chunks().size() + " chunks for "
                        + e.size() + " bytes; expected " + expectedChunks);
            }
            for (String c : e.chunks()) {
                if (!BlobIds.isValid(c)) {
                    throw new CorruptDataException(id, "file entry " + TreeNames.quote(e.path()) + " names an invalid chunk id");
                }
            }
        }
        return plan;
    }

    static RuntimeException propagate(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t instanceof IOException io) {
            return new UncheckedIOException(io.getMessage(), io);
        }
        return new BrowserStateException(t.getMessage(), t);
    }
}
