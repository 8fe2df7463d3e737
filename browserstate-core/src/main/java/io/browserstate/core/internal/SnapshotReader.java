package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.LocalDiskException;
import io.browserstate.api.Progress;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SessionId;
import io.browserstate.api.StorageException;
import io.browserstate.core.tree.StagingDirectory;
import io.browserstate.core.tree.TreeNames;
import io.browserstate.core.tree.TreePlan;
import io.browserstate.core.tree.TreeWriter;
import io.browserstate.spi.BlobIds;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.StorageProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore side: validates a manifest whole through the tree pipeline ({@link TreePlan}), then
 * fetches and verifies every chunk into a private {@link StagingDirectory} that is moved into place at
 * the end, with at most {@code parallelism + 1} batches in flight.
 */
final class SnapshotReader {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReader.class);
    private final StorageProvider provider;
    private final BrowserStateOptions options;
    private final Blobs blobs;
    private final ExecutorService workers;
    private final int batchBytes;

    SnapshotReader(StorageProvider provider, BrowserStateOptions options, Blobs blobs, ExecutorService workers, int batchBytes) {
        this.provider = provider;
        this.options = options;
        this.blobs = blobs;
        this.workers = workers;
        this.batchBytes = batchBytes;
    }

    /**
     * One write of a restore: {@code length} bytes from {@code from} of the chunk {@code id} (of
     * {@code blobLength} bytes) at {@code offset} of {@code file}. A chunk of a file's own is written whole
     * ({@code from} 0); a pack gives each of its files a slice, and {@code digest} names that file's bytes.
     */
    private record ChunkRef(String file, long offset, String id, int blobLength, int from, int length, boolean last, @Nullable String digest) {
        static ChunkRef whole(String file, long offset, String id, int length, boolean last) {
            return new ChunkRef(file, offset, id, length, 0, length, last, null);
        }

        static ChunkRef packed(String file, Manifest.Entry e) {
            return new ChunkRef(file, 0, e.chunks().get(0), e.packLength(), (int) (long) e.packOffset(), (int) e.sizeOrZero(), true, e.digest());
        }
    }

    /**
     * Restores a snapshot into {@code target} (absent or an empty directory) through the tree pipeline:
     * validated whole first, written into a private staging directory beside it, moved into place at the
     * end. On failure nothing is left behind and {@code target} is as it was.
     */
    RestoreResult restore(SessionId id, SnapshotRef snapshot, Manifest manifest, Path target, @Nullable Seed seed) {
        long t0 = System.nanoTime();
        TreePlan<Manifest.Entry> plan = validate(id, manifest);
        AtomicLong bytesRead = new AtomicLong();
        AtomicLong bytesSeeded = new AtomicLong();
        Path seedRoot = seed == null ? null : seed.root();
        Listeners.Tracker progress = Listeners.current();
        progress.totals(plan.files().size(), plan.fileBytes());
        progress.phase(Progress.Phase.TRANSFERRING);
        boolean movable = seed != null && seed.movable();
        // a kept copy becomes the staging directory itself when it can be renamed there: its directories and
        // verified files stay where they are
        StagingDirectory adopted = movable ? StagingDirectory.adopt(seed.root(), target) : null;
        try (StagingDirectory staging = adopted != null ? adopted : StagingDirectory.beside(target)) {
            TreeWriter writer = staging.writer();
            Set<String> moved = Set.of();
            Seed partial = seed;
            if (adopted != null) {
                moved = adoptInPlace(id, snapshot.space(), seed.root(), staging.path(), plan, writer, bytesSeeded, progress);
                partial = Seed.readOnly(seed.root());
            } else if (movable) {
                // the files that verify whole are renamed into the tree: nothing fetched, nothing written
                Set<String> whole = verifiedWholeFiles(id, snapshot.space(), seed, plan.files());
                for (TreePlan.Entry<Manifest.Entry> dir : plan.directories()) {
                    writer.directory(dir.name());
                }
                moved = moveIn(seed, plan, whole, writer, bytesSeeded, progress);
            }
            // what is fetched in units: a chunk of a file's own, or a pack with every file that takes a slice of it
            List<List<ChunkRef>> units = new ArrayList<>();
            Map<String, List<ChunkRef>> packs = new HashMap<>();
            for (TreePlan.Entry<Manifest.Entry> file : plan.files()) {
                if (moved.contains(file.name())) {
                    continue;
                }
                Manifest.Entry e = file.source();
                if (e.isPacked()) {
                    packs.computeIfAbsent(e.chunks().get(0), k -> {
                        List<ChunkRef> unit = new ArrayList<>();
                        units.add(unit);
                        return unit;
                    }).add(ChunkRef.packed(file.name(), e));
                    continue;
                }
                long offset = 0;
                for (String chunk : e.chunks()) {
                    int len = (int) Math.min(e.chunkSize(), e.size() - offset);
                    offset += len;
                    units.add(List.of(ChunkRef.whole(file.name(), offset - len, chunk, len, offset >= e.size())));
                }
            }
            // the directories and empty files are created while the first batches are being fetched; a
            // file with content is created by the worker writing its first chunk
            IoAction skeleton = () -> {
                if (!movable) {
                    for (TreePlan.Entry<Manifest.Entry> dir : plan.directories()) {
                        writer.directory(dir.name());
                    }
                }
                for (TreePlan.Entry<Manifest.Entry> file : plan.files()) {
                    if (file.source().chunks().isEmpty()) {
                        writer.newFile(file.name()).close();
                        progress.advance(1, 0);
                    }
                }
            };
            Fetch fetch = new Fetch(id, snapshot.space(), writer, partial, bytesRead, bytesSeeded, progress);
            fetchChunks(fetch, units, skeleton);
            progress.phase(Progress.Phase.PUBLISHING);
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
            RestoreResult result = new RestoreResult(id, snapshot.version(), snapshot.manifestId(), staging.target(), plan.files().size(),
                    plan.fileBytes(), bytesRead.get(), Duration.ofNanos(System.nanoTime() - t0), snapshot.browserVersion(), bytesSeeded.get());
            if (seedRoot == null) {
                LOG.info("Restored {} v{}: {} files, {} bytes; read {} bytes from the store; {} ms, into {}", id, result.version(),
                        result.fileCount(), result.totalBytes(), result.bytesRead(), result.duration().toMillis(), result.directory());
            } else {
                LOG.info("Restored {} v{}: {} files, {} bytes; {} bytes reused from {}, read {} bytes from the store; {} ms, into {}", id,
                        result.version(), result.fileCount(), result.totalBytes(), result.bytesReused(), seedRoot, result.bytesRead(),
                        result.duration().toMillis(), result.directory());
            }
            return result;
        } catch (IOException e) {
            throw new LocalDiskException("Restore of " + id + " into " + target.toAbsolutePath() + " failed: " + e.getMessage(),
                    target.toAbsolutePath(), e);
        }
    }

    /** Work on the local disk. */
    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** What every batch of one restore shares. */
    private record Fetch(SessionId id, BlobSpace space, TreeWriter writer, @Nullable Seed seed, AtomicLong bytesRead,
                         AtomicLong bytesSeeded, Listeners.Tracker progress) {
    }

    private void fetchChunks(Fetch fetch, List<List<ChunkRef>> units, IoAction skeleton) throws IOException {
        CompletableFuture<@Nullable Void> skeletonReady = new CompletableFuture<>();
        runTasks(fetch.id(), tasks -> {
            int i = 0;
            int submitted = 0;
            while (i < units.size() && tasks.failure() == null) {
                if (submitted == options.parallelism() && !skeletonReady.isDone()) {
                    createSkeleton(tasks, skeleton, skeletonReady);
                }
                List<ChunkRef> batch = new ArrayList<>();
                long size = 0;
                while (i < units.size() && (batch.isEmpty() || (size + units.get(i).get(0).blobLength() <= batchBytes
                        && batch.size() < SnapshotWriter.MAX_CHUNKS_PER_BATCH))) {
                    size += units.get(i).get(0).blobLength();
                    batch.addAll(units.get(i++));
                }
                tasks.submit(() -> fetchBatch(fetch, batch, skeletonReady));
                submitted++;
            }
            if (!skeletonReady.isDone()) {
                createSkeleton(tasks, skeleton, skeletonReady);
            }
        });
    }

    /** Submits work to the workers, at most {@code parallelism + 1} tasks in flight. */
    @FunctionalInterface
    private interface Submitter {
        void submitAll(BoundedTasks tasks) throws IOException, InterruptedException;
    }

    /**
     * Runs one restore step's tasks to the end; on the first failure cancels the rest and rethrows it
     * (an {@link IOException} as it is).
     */
    private void runTasks(SessionId id, Submitter submitter) throws IOException {
        BoundedTasks tasks = new BoundedTasks(workers, options.parallelism() + 1);
        Throwable t;
        try {
            submitter.submitAll(tasks);
            t = tasks.awaitAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            t = new BrowserStateException("Restore of " + id + " was interrupted", e);
        }
        if (t != null) {
            tasks.cancel();
            if (t instanceof IOException io) {
                throw io;
            }
            throw BoundedTasks.propagate(t);
        }
    }

    /** Runs on the calling thread while the first batches are fetched; a failure there is the restore's failure. */
    private static void createSkeleton(BoundedTasks tasks, IoAction skeleton, CompletableFuture<@Nullable Void> ready) throws IOException {
        try {
            skeleton.run();
            ready.complete(null);
        } catch (IOException | RuntimeException | Error e) {
            ready.completeExceptionally(e);
            tasks.cancel();
            throw e;
        }
    }

    private static void awaitSkeleton(CompletableFuture<@Nullable Void> ready) throws IOException {
        try {
            ready.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the directories were being created");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("the directories could not be created", e.getCause());
        }
    }

    /**
     * The names of the seed's regular files (not links) that hold exactly a planned file's bytes: its
     * size, and every chunk hashing to the manifest's id. Hashed on the workers, one file per task.
     */
    private Set<String> verifiedWholeFiles(SessionId id, BlobSpace space, Seed seed, List<TreePlan.Entry<Manifest.Entry>> files) throws IOException {
        Set<String> whole = ConcurrentHashMap.newKeySet();
        // the largest first, so that no large file is hashed alone at the end
        List<TreePlan.Entry<Manifest.Entry>> bySize = new ArrayList<>(files);
        bySize.sort(java.util.Comparator.comparingLong((TreePlan.Entry<Manifest.Entry> f) -> f.size()).reversed());
        runTasks(id, tasks -> {
            for (TreePlan.Entry<Manifest.Entry> file : bySize) {
                Manifest.Entry e = file.source();
                Path local = seed.file(file.name());
                if (e.chunks().isEmpty() || local == null || tasks.failure() != null) {
                    continue;
                }
                tasks.submit(() -> {
                    if (hashesWhole(space, local, e, seed.movable())) {
                        whole.add(file.name());
                    }
                });
            }
        });
        return whole;
    }

    /** Whether {@code file} is a regular file of exactly {@code e}'s size whose every chunk hashes to {@code e}'s. */
    private boolean hashesWhole(BlobSpace space, Path file, Manifest.Entry e, boolean moving) {
        try {
            // a file with other hard links is not moved into a tree: writes there would change the other names
            if (moving && ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() != 1) {
                return false;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
            return false;
        }
        if (e.isPacked()) {
            return packedFile(space, file, e.sizeOrZero(), e.digest()) != null;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() != e.size()) {
                return false;
            }
            byte[] buf = new byte[(int) Math.min(e.chunkSize(), e.size())];
            long pos = 0;
            for (String chunk : e.chunks()) {
                int len = (int) Math.min(e.chunkSize(), e.size() - pos);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
                while (bb.hasRemaining()) {
                    if (ch.read(bb, pos + bb.position()) < 0) {
                        return false;
                    }
                }
                if (!blobs.id(space, buf, 0, len).equals(chunk)) {
                    return false;
                }
                pos += len;
            }
            return true;
        } catch (IOException | UnsupportedOperationException ex) {
            return false;
        }
    }

    /**
     * Keeps in place what an adopted kept copy (now the staging directory {@code root}) holds of the
     * snapshot: every link, extra entry or entry of the wrong kind is removed first, without following
     * links; the regular files the snapshot names are hashed, those that verify whole stay and are
     * returned, the others are moved to {@code aside} (for their verified chunks) and are fetched; the
     * missing directories are created.
     */
    private Set<String> adoptInPlace(SessionId id, BlobSpace space, Path aside, Path root, TreePlan<Manifest.Entry> plan, TreeWriter writer,
            AtomicLong bytesSeeded, Listeners.Tracker progress) throws IOException {
        Map<String, TreePlan.Entry<Manifest.Entry>> files = new HashMap<>();
        for (TreePlan.Entry<Manifest.Entry> file : plan.files()) {
            files.put(file.name(), file);
        }
        Set<String> dirs = new HashSet<>();
        for (TreePlan.Entry<Manifest.Entry> dir : plan.directories()) {
            dirs.add(dir.name());
        }
        List<TreePlan.Entry<Manifest.Entry>> candidates = new ArrayList<>();
        prune(root, "", files, dirs, candidates);
        Set<String> whole = verifiedWholeFiles(id, space, Seed.movable(root), candidates);
        for (TreePlan.Entry<Manifest.Entry> file : candidates) {
            if (!whole.contains(file.name())) {
                Path from = writer.resolve(file.name());
                Path to = aside.resolve(file.name());
                try {
                    Files.createDirectories(to.getParent());
                    Files.move(from, to);
                } catch (IOException e) {
                    Files.deleteIfExists(from);
                }
            }
        }
        for (TreePlan.Entry<Manifest.Entry> dir : plan.directories()) {
            if (!Files.isDirectory(writer.resolve(dir.name()), LinkOption.NOFOLLOW_LINKS)) {
                writer.directory(dir.name());
            }
        }
        for (String name : whole) {
            reusedWhole(files.get(name).size(), bytesSeeded, progress);
        }
        return whole;
    }

    /** Removes below {@code dir} what the plan does not hold as it is, and collects the planned regular files. */
    private static void prune(Path dir, String prefix, Map<String, TreePlan.Entry<Manifest.Entry>> files, Set<String> dirs,
            List<TreePlan.Entry<Manifest.Entry>> candidates) throws IOException {
        List<Path> children = new ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        for (Path child : children) {
            String name = prefix + child.getFileName();
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(child, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            TreePlan.Entry<Manifest.Entry> file = files.get(name);
            if (a.isDirectory() && dirs.contains(name)) {
                prune(child, name + "/", files, dirs, candidates);
            } else if (a.isRegularFile() && file != null && !file.source().chunks().isEmpty()) {
                candidates.add(file);
            } else {
                io.browserstate.core.tree.Trees.delete(child);
            }
        }
    }

    /**
     * Renames the verified files of a movable seed into the tree (whose directories exist) and returns the
     * names moved. A file that cannot be moved, or that is no longer a regular file once moved, is left to
     * be fetched instead.
     */
    private static Set<String> moveIn(Seed seed, TreePlan<Manifest.Entry> plan, Set<String> whole, TreeWriter writer, AtomicLong bytesSeeded,
            Listeners.Tracker progress) throws IOException {
        Set<String> moved = new HashSet<>();
        for (TreePlan.Entry<Manifest.Entry> file : plan.files()) {
            Path local = seed.file(file.name());
            if (local == null || !whole.contains(file.name())) {
                continue;
            }
            Path dest = writer.resolve(file.name());
            try {
                Files.move(local, dest);
            } catch (IOException e) {
                LOG.debug("Could not move {} from the kept copy; fetching it instead: {}", TreeNames.quote(file.name()), e.toString());
                continue;
            }
            if (!Files.isRegularFile(dest, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(dest);
                continue;
            }
            moved.add(file.name());
            reusedWhole(file.source().size(), bytesSeeded, progress);
        }
        return moved;
    }

    /** Counts a file taken whole from a kept copy: its bytes reused, the file done. */
    private static void reusedWhole(long size, AtomicLong bytesSeeded, Listeners.Tracker progress) {
        bytesSeeded.addAndGet(size);
        progress.reused(size);
        progress.advance(1, size);
    }

    private void fetchBatch(Fetch fetch, List<ChunkRef> batch, CompletableFuture<@Nullable Void> skeletonReady) throws IOException {
        SessionId id = fetch.id();
        BlobSpace space = fetch.space();
        TreeWriter writer = fetch.writer();
        Listeners.Tracker progress = fetch.progress();
        Map<String, BlobFormat.Slice> decoded = new HashMap<>();
        // a packed file the seed holds whole, by its digest; its pack is fetched only for the files it lacks
        Map<ChunkRef, byte[]> seededFiles = new java.util.IdentityHashMap<>();
        if (fetch.seed() != null) {
            for (ChunkRef ref : batch) {
                if (ref.digest() != null) {
                    Path local = fetch.seed().file(ref.file());
                    byte[] data = local == null ? null : packedFile(space, local, ref.length(), ref.digest());
                    if (data != null) {
                        seededFiles.put(ref, data);
                    }
                } else if (!decoded.containsKey(ref.id)) {
                    byte[] local = fromSeed(fetch.seed(), space, ref);
                    if (local != null) {
                        decoded.put(ref.id, BlobFormat.Slice.of(local));
                    }
                }
            }
        }
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(batch.stream()
                .filter(ref -> ref.digest() == null ? !decoded.containsKey(ref.id()) : !seededFiles.containsKey(ref))
                .map(ChunkRef::id).filter(c -> !decoded.containsKey(c)).toList()));
        List<byte[]> got = ids.isEmpty() ? List.of() : provider.getBlobs(space, ids);
        if (got.size() != ids.size()) {
            throw new StorageException(provider.describe() + " returned " + got.size() + " blobs for " + ids.size() + " ids of " + space);
        }
        Map<String, byte[]> plain = new HashMap<>();
        for (int k = 0; k < ids.size(); k++) {
            byte[] raw = got.get(k);
            if (raw == null) {
                throw new CorruptDataException(id, "chunk " + ids.get(k) + " is missing from the store");
            }
            fetch.bytesRead().addAndGet(raw.length);
            plain.put(ids.get(k), raw);
        }
        String context = Blobs.spaceContext(space);
        awaitSkeleton(skeletonReady);
        // a batch holds a file's chunks in order, so each file is opened once per batch it spans (once,
        // for every file smaller than a batch) rather than once per chunk
        FileChannel ch = null;
        String open = null;
        try {
            for (ChunkRef ref : batch) {
                byte[] seededFile = seededFiles.get(ref);
                BlobFormat.Slice data = seededFile == null ? null : BlobFormat.Slice.of(seededFile);
                int from = 0;
                if (data != null) {
                    fetch.bytesSeeded().addAndGet(ref.length);
                    progress.reused(ref.length);
                } else {
                    data = decoded.get(ref.id);
                    from = ref.from();
                    if (data != null && !plain.containsKey(ref.id)) {
                        fetch.bytesSeeded().addAndGet(ref.length);
                        progress.reused(ref.length);
                    }
                }
                if (data == null) {
                    try {
                        data = blobs.decodeSlice(id, space, context, ref.id, plain.get(ref.id), ref.blobLength(), BrowserStateOptions.MAX_CHUNK_SIZE);
                    } catch (IllegalStateException e) {
                        throw new CorruptDataException(id, e.getMessage() + " (file " + TreeNames.quote(ref.file) + ")", e);
                    }
                    decoded.put(ref.id, data);
                }
                if (ch == null || !ref.file.equals(open)) {
                    if (ch != null) {
                        ch.close();
                    }
                    ch = null;
                    ch = writer.openForChunks(ref.file);
                    open = ref.file;
                }
                ByteBuffer buf = data.buffer(from, ref.length());
                long pos = ref.offset;
                while (buf.hasRemaining()) {
                    pos += ch.write(buf, pos);
                }
                progress.advance(ref.last ? 1 : 0, ref.length);
            }
        } finally {
            if (ch != null) {
                ch.close();
            }
        }
    }

    /**
     * The chunk's bytes as the seed's file of the same name holds them at the same offset, when they hash
     * to the chunk's id; otherwise {@code null} (missing, shorter, changed, not a regular file, unreadable).
     * The content check makes the seed as trustworthy as the store: nothing unverified is written.
     */
    private byte @Nullable [] fromSeed(Seed seed, BlobSpace space, ChunkRef ref) {
        Path file = seed.file(ref.file);
        if (file == null) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() < ref.offset + ref.length) {
                return null;
            }
            byte[] data = new byte[ref.length];
            ByteBuffer buf = ByteBuffer.wrap(data);
            long pos = ref.offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    return null;
                }
                pos += n;
            }
            return blobs.id(space, data).equals(ref.id) ? data : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * A local copy of a packed file: its bytes when the regular file {@code file} holds exactly {@code size}
     * of them and they hash to {@code digest}, otherwise {@code null}.
     */
    private byte @Nullable [] packedFile(BlobSpace space, Path file, long size, String digest) {
        byte[] data = readExactly(file, size);
        return data != null && blobs.id(space, data).equals(digest) ? data : null;
    }

    /** The bytes of the regular file {@code file} when it holds exactly {@code size} of them, otherwise {@code null}. */
    private static byte @Nullable [] readExactly(Path file, long size) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() != size || size > BrowserStateOptions.MAX_CHUNK_SIZE) {
                return null;
            }
            byte[] data = new byte[(int) size];
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    return null;
                }
            }
            return ch.read(ByteBuffer.allocate(1)) < 0 ? data : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
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
        Map<String, Integer> packLengths = new HashMap<>();
        for (TreePlan.Entry<Manifest.Entry> file : plan.files()) {
            Manifest.Entry e = file.source();
            if (e.isPacked()) {
                checkPacked(id, e);
                Integer known = packLengths.putIfAbsent(e.chunks().get(0), e.packLength());
                if (known != null && !known.equals(e.packLength())) {
                    throw new CorruptDataException(id, "file entry " + TreeNames.quote(e.path()) + " gives its pack another length than "
                            + "an earlier file of the same pack");
                }
                continue;
            }
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
        long packBytes = packLengths.values().stream().mapToLong(Integer::longValue).sum();
        if (packBytes > options.maxRestoreBytes()) {
            throw new CorruptDataException(id, "manifest names " + packBytes + " bytes of packs, more than maxRestoreBytes ("
                    + options.maxRestoreBytes() + ")");
        }
        return plan;
    }

    /** A packed file's reference: one valid pack id, a length a chunk may have, its bytes within it, and its digest. */
    private static void checkPacked(SessionId id, Manifest.Entry e) {
        boolean valid = e.size() != null && e.size() >= 1 && e.chunks() != null && e.chunks().size() == 1 && BlobIds.isValid(e.chunks().get(0))
                && e.packLength() != null && e.packLength() >= 1 && e.packLength() <= BrowserStateOptions.MAX_CHUNK_SIZE
                // subtracted, not added: a hostile offset near Long.MAX_VALUE must not wrap around into range
                && e.packOffset() >= 0 && e.packOffset() <= e.packLength() && e.size() <= e.packLength() - e.packOffset()
                && e.digest() != null && BlobIds.isValid(e.digest());
        if (!valid) {
            throw new CorruptDataException(id, "file entry " + TreeNames.quote(e.path()) + " has an invalid pack reference (size " + e.size()
                    + ", offset " + e.packOffset() + ", pack length " + e.packLength() + ")");
        }
    }
}
