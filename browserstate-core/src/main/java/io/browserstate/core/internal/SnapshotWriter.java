package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.LocalDiskException;
import io.browserstate.api.Progress;
import io.browserstate.api.SkippedFile;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.StorageProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The save side's first room: scans a profile through the tree pipeline's rules ({@link Scanner}), cuts
 * files into chunks, hashes them and uploads the chunks the store lacks, with bounded memory (at most
 * {@code parallelism + 1} batches in flight). Produces the entries of the next manifest.
 */
final class SnapshotWriter {
    /** How long before the previous scan a file's mtime must be for its chunks to be reused unread. */
    static final long MTIME_TRUST_MARGIN_NANOS = 2_000_000_000L;
    static final int MAX_CHUNKS_PER_BATCH = 512;
    /** Files of at most this many bytes (and at most a chunk) are packed together into shared chunks. */
    static final int PACK_FILE_MAX = 32 * 1024;
    /** A pack ends at the first path boundary once it holds this many bytes (half a chunk, when chunks are smaller)... */
    static final int PACK_MIN = 32 * 1024;
    /** ...and never grows beyond this many (nor beyond a chunk)... */
    static final int PACK_MAX = 128 * 1024;
    /**
     * ...or this many files: every file of a pack names it in the manifest, so a change to one file rewrites
     * the entries of its pack's files too, and a delta re-sends the manifest parts that hold them.
     */
    static final int PACK_MAX_FILES = 64;

    private final StorageProvider provider;
    private final BrowserStateOptions options;
    private final Blobs blobs;
    private final ExcludePolicy excludes;
    private final ExecutorService workers;
    private final int batchBytes;

    /**
     * What a write produced and cost.
     *
     * @param entries the tree, sorted by path
     * @param blobsWritten chunks uploaded
     * @param bytesWritten bytes uploaded (encoded)
     * @param reused chunks the store already had
     * @param skipped what was left out although no rule excludes it
     * @param excluded top-most paths left out by exclusion rules
     * @param claimed the chunk ids this write claimed (found present or uploaded)
     */
    record Written(List<Manifest.Entry> entries, long fileCount, long totalBytes, long chunkCount, long blobsWritten, long bytesWritten,
            long reused, List<SkippedFile> skipped, List<String> excluded, Set<String> claimed) {
    }

    SnapshotWriter(StorageProvider provider, BrowserStateOptions options, Blobs blobs, ExecutorService workers, int batchBytes) {
        this.provider = provider;
        this.options = options;
        this.blobs = blobs;
        this.excludes = ExcludePolicy.of(options);
        this.workers = workers;
        this.batchBytes = batchBytes;
    }

    private static final class FileWork {
        final Scanner.Scanned scanned;
        final List<String> chunks = new ArrayList<>();
        long size;
        /** For a packed file: its pack, where its bytes begin there, and its own digest (set by the upload). */
        @org.jspecify.annotations.Nullable PackWork pack;
        int packOffset;
        volatile @org.jspecify.annotations.Nullable String digest;

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

    /** One pack being written: its files, in path order, and what the upload learns of it. */
    private static final class PackWork {
        final List<FileWork> files = new ArrayList<>();
        int length;
        volatile @org.jspecify.annotations.Nullable String id;
    }

    /** A chunk to upload: {@code index} of {@code file}'s chunks, or, with {@code pack} set, a pack of small files. */
    private record Pending(@org.jspecify.annotations.Nullable FileWork file, int index, byte[] data, int length, boolean last,
                           @org.jspecify.annotations.Nullable PackWork pack) {

        int files() {
            return pack != null ? pack.files.size() : last ? 1 : 0;
        }
    }

    /**
     * Chunk-sized read buffers, handed back once a chunk is encoded (or found in the store), so that a save
     * reads a profile of any size into about as many buffers as it has in flight instead of one new array
     * per chunk: less garbage, and a heap that need not grow for it.
     */
    private static final class Buffers {
        private final int size;
        private final int keep;
        private final java.util.ArrayDeque<byte[]> free = new java.util.ArrayDeque<>();

        Buffers(int size, int keep) {
            this.size = size;
            this.keep = keep;
        }

        /**
         * A buffer for a chunk of {@code want} bytes: a pooled one when the chunk fills at least half of it, so
         * that chunks of small files never hold whole buffers; an exact one otherwise.
         */
        synchronized byte[] take(int want) {
            if (want > size || want < size / 2) {
                return new byte[want];
            }
            byte[] b = free.poll();
            return b != null ? b : new byte[size];
        }

        synchronized void give(byte[] b) {
            if (b.length == size && free.size() < keep) {
                free.push(b);
            }
        }
    }

    private final class Upload {
        final BlobSpace space;
        final String context;
        final Set<String> known;
        final Set<String> claimed = ConcurrentHashMap.newKeySet();
        final AtomicLong blobsWritten = new AtomicLong();
        final AtomicLong bytesWritten = new AtomicLong();
        final AtomicLong reused = new AtomicLong();
        final BoundedTasks tasks = new BoundedTasks(workers, options.parallelism() + 1);
        final Listeners.Tracker progress;
        final Buffers buffers = new Buffers(options.chunkSize(),
                (options.parallelism() + 2) * Math.max(1, Math.min(MAX_CHUNKS_PER_BATCH, batchBytes / options.chunkSize() + 1)));

        Upload(BlobSpace space, Set<String> known, Listeners.Tracker progress) {
            this.progress = progress;
            this.space = space;
            this.context = Blobs.spaceContext(space);
            this.known = known;
        }

        private List<Pending> batch = new ArrayList<>();
        private long batchSize;

        /** Adds a chunk (or a pack) to the batch being filled, and hands the batch to a worker once it is full. */
        void add(Pending p) throws InterruptedException {
            batch.add(p);
            batchSize += p.length;
            if (batchSize >= batchBytes || batch.size() >= MAX_CHUNKS_PER_BATCH) {
                flush();
            }
        }

        /** Hands the batch being filled, if any, to a worker. */
        void flush() throws InterruptedException {
            if (!batch.isEmpty()) {
                List<Pending> full = batch;
                tasks.submit(() -> upload(full));
                batch = new ArrayList<>();
                batchSize = 0;
            }
        }

        void upload(List<Pending> batch) {
            Map<String, Pending> candidates = new LinkedHashMap<>();
            for (Pending p : batch) {
                String blobId = blobs.id(space, p.data, 0, p.length);
                if (p.pack != null) {
                    p.pack.id = blobId;
                    for (FileWork f : p.pack.files) {
                        f.digest = blobs.id(space, p.data, f.packOffset, (int) f.size);
                    }
                } else {
                    java.util.Objects.requireNonNull(p.file).set(p.index, blobId);
                }
                if (!known.contains(blobId) && claimed.add(blobId)) {
                    candidates.put(blobId, p);
                } else {
                    reused.incrementAndGet();
                    progress.reused(p.length);
                }
            }
            if (candidates.isEmpty()) {
                advance(batch);
                recycle(batch);
                return;
            }
            Set<String> missing = provider.claimBlobs(space, candidates.keySet());
            reused.addAndGet(candidates.size() - missing.size());
            candidates.forEach((blobId, p) -> {
                if (!missing.contains(blobId)) {
                    progress.reused(p.length);
                }
            });
            List<Blob> toPut = new ArrayList<>(missing.size());
            long bytes = 0;
            for (Map.Entry<String, Pending> e : candidates.entrySet()) {
                if (missing.contains(e.getKey())) {
                    Pending p = e.getValue();
                    byte[] encoded = blobs.encode(context, e.getKey(), p.data, 0, p.length);
                    toPut.add(new Blob(e.getKey(), encoded));
                    bytes += encoded.length;
                }
            }
            if (!toPut.isEmpty()) {
                provider.putBlobs(space, toPut);
                blobsWritten.addAndGet(toPut.size());
                bytesWritten.addAndGet(bytes);
            }
            advance(batch);
            recycle(batch);
        }

        /** Hands the batch's read buffers back: every chunk is encoded into a blob of its own by now. */
        private void recycle(List<Pending> batch) {
            for (Pending p : batch) {
                if (p.pack == null) {
                    buffers.give(p.data);
                }
            }
        }

        /** A batch is done once its chunks are in the store: its bytes, and the files it finished. */
        private void advance(List<Pending> batch) {
            long bytes = 0;
            long files = 0;
            for (Pending p : batch) {
                bytes += p.length;
                files += p.files();
            }
            progress.advance(files, bytes);
        }

        void awaitAll() throws InterruptedException {
            Throwable t = tasks.awaitAll();
            if (t != null) {
                throw BoundedTasks.propagate(t);
            }
        }

        void cancel() {
            tasks.cancel();
        }
    }


    /**
     * Scans {@code dir} and uploads what {@code space} lacks; {@code base} (or {@code null}) is the
     * manifest the delta is taken against, whose chunks must be in {@code space}.
     *
     * @throws LocalDiskException when the profile cannot be read
     */
    Written write(BlobSpace space, Path dir, Manifest base) {
        Scanner.Result scan;
        try {
            scan = Scanner.scan(dir, excludes, options.maxFileSize());
        } catch (IOException e) {
            throw new LocalDiskException("Cannot scan profile directory " + dir + ": " + e.getMessage(), dir, e);
        }
        Map<String, Manifest.Entry> baseEntries = new HashMap<>();
        Set<String> known = new HashSet<>();
        Map<String, Integer> basePackFiles = new HashMap<>();
        if (base != null) {
            for (Manifest.Entry e : base.entries()) {
                baseEntries.put(e.path(), e);
                if (e.chunks() != null) {
                    known.addAll(e.chunks());
                }
                if (e.isPacked()) {
                    basePackFiles.merge(e.chunks().get(0), 1, Integer::sum);
                }
            }
        }
        // File systems stamp mtimes from a coarse clock: a file rewritten within the same tick keeps its
        // mtime. Only a file whose mtime is well before the previous scan began cannot have changed unseen.
        Long trustedBefore = base == null || base.scanStartedAt() == null ? null : base.scanStartedAt() - MTIME_TRUST_MARGIN_NANOS;
        List<SkippedFile> skipped = new ArrayList<>(scan.skipped());
        Listeners.Tracker progress = Listeners.current();
        long bytesToRead = 0;
        long filesToRead = 0;
        for (Scanner.Scanned s : scan.entries()) {
            if (Manifest.Entry.FILE.equals(s.type())) {
                filesToRead++;
                bytesToRead += s.size();
            }
        }
        progress.totals(filesToRead, bytesToRead);
        progress.phase(Progress.Phase.TRANSFERRING);
        Upload run = new Upload(space, known, progress);
        List<Object> slots = new ArrayList<>(scan.entries().size());
        Path reading = dir;
        Map<String, List<Scanner.Scanned>> packOf = packGroups(scan.entries());
        Map<String, Object> packedSlots = new HashMap<>();
        try {
            for (Scanner.Scanned s : scan.entries()) {
                if (!Manifest.Entry.FILE.equals(s.type())) {
                    slots.add(s);
                    continue;
                }
                List<Scanner.Scanned> group = packOf.get(s.path());
                if (group != null) {
                    if (!packedSlots.containsKey(s.path())) {
                        Pending pack = pack(group, baseEntries, basePackFiles, trustedBefore, packedSlots, skipped, run);
                        if (pack != null) {
                            run.add(pack);
                        }
                    }
                    slots.add(packedSlots.get(s.path()));
                    continue;
                }
                Manifest.Entry previous = baseEntries.get(s.path());
                if (trusted(previous, s, trustedBefore)) {
                    slots.add(new Manifest.Entry(s.path(), Manifest.Entry.FILE, s.mode(), s.mtimeNanos(), s.size(),
                            previous.chunkSize(), previous.chunks(), null));
                    run.reused.addAndGet(previous.chunks().size());
                    progress.reused(s.size());
                    progress.advance(1, s.size());
                    continue;
                }
                FileWork work = new FileWork(s);
                slots.add(work);
                reading = s.file();
                if (s.size() == 0) {
                    progress.advance(1, 0);
                }
                try (FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    long remaining = s.size();
                    while (remaining > 0) {
                        if (run.tasks.failure() != null) {
                            throw BoundedTasks.propagate(run.tasks.failure());
                        }
                        int want = (int) Math.min(options.chunkSize(), remaining);
                        byte[] data = run.buffers.take(want);
                        int n = readUpTo(ch, data, 0, want);
                        if (n == 0) {
                            run.buffers.give(data);
                            break;
                        }
                        work.size += n;
                        remaining -= n;
                        run.add(new Pending(work, work.addSlot(), data, n, remaining == 0 || n < want, null));
                        if (n < want) {
                            break;
                        }
                    }
                } catch (NoSuchFileException e) {
                    slots.set(slots.size() - 1, null);
                    skipped.add(new SkippedFile(s.path(), s.size(), "vanished during the save"));
                }
            }
            run.flush();
            run.awaitAll();
        } catch (IOException e) {
            run.cancel();
            throw new LocalDiskException("Cannot read the profile in " + dir + " (at " + reading + "): " + e.getMessage(), reading, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel();
            throw new BrowserStateException("Save of " + dir + " into " + space + " was interrupted", e);
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
            } else if (slot instanceof FileWork w && w.pack != null) {
                entry = Manifest.Entry.packed(w.scanned.path(), w.scanned.mode(), w.scanned.mtimeNanos(), w.size,
                        java.util.Objects.requireNonNull(w.pack.id), w.packOffset, w.pack.length, java.util.Objects.requireNonNull(w.digest));
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
        return new Written(entries, fileCount, totalBytes, chunkCount, run.blobsWritten.get(), run.bytesWritten.get(), run.reused.get(),
                skipped, scan.excluded(), Set.copyOf(run.claimed));
    }

    /** Whether a file's entry in the base snapshot may stand for it unread: same size and mtime, well before that scan. */
    private boolean trusted(Manifest.@org.jspecify.annotations.Nullable Entry previous, Scanner.Scanned s, @org.jspecify.annotations.Nullable Long trustedBefore) {
        return options.trustMtime() && previous != null && previous.isFile() && previous.size() != null
                && previous.size() == s.size() && previous.mtime() != null && previous.mtime() == s.mtimeNanos()
                && trustedBefore != null && s.mtimeNanos() < trustedBefore;
    }

    /**
     * Cuts the small files of a scan, in path order, into packs: a pack ends at a path whose hash marks a
     * boundary once it holds {@link #PACK_MIN} bytes, and never grows beyond {@link #PACK_MAX}. The cuts
     * depend on paths and sizes only, so a change to one file leaves the other packs as they were and a
     * delta re-sends one pack, not all. Returns each packed file's group, by path.
     */
    private Map<String, List<Scanner.Scanned>> packGroups(List<Scanner.Scanned> entries) {
        int fileMax = options.packSmallFiles() ? Math.min(PACK_FILE_MAX, options.chunkSize()) : 0;
        // a pack is a chunk: never larger than one, so that it fits the provider's blob limit as chunks do
        int packMax = Math.min(PACK_MAX, options.chunkSize());
        int packMin = Math.min(PACK_MIN, packMax / 2);
        Map<String, List<Scanner.Scanned>> groups = new HashMap<>();
        List<Scanner.Scanned> group = new ArrayList<>();
        long bytes = 0;
        for (Scanner.Scanned s : entries) {
            if (!Manifest.Entry.FILE.equals(s.type()) || s.size() <= 0 || s.size() > fileMax) {
                continue;
            }
            if (!group.isEmpty() && (bytes + s.size() > packMax || group.size() >= PACK_MAX_FILES)) {
                group = new ArrayList<>();
                bytes = 0;
            }
            group.add(s);
            groups.put(s.path(), group);
            bytes += s.size();
            if (bytes >= packMin && ((s.path().hashCode() * 0x9E3779B9) >>> 30) == 0) {
                group = new ArrayList<>();
                bytes = 0;
            }
        }
        return groups;
    }

    /**
     * Writes one pack's files into {@code slots} by path: the base's entries again when every file stands
     * unread and the base packed exactly these files together (nothing to upload, {@code null} returned);
     * otherwise each file is read into a new pack, returned to upload. A file that vanished is skipped and
     * reported; one that is empty by now is an empty file of its own.
     */
    private @org.jspecify.annotations.Nullable Pending pack(List<Scanner.Scanned> group, Map<String, Manifest.Entry> baseEntries,
            Map<String, Integer> basePackFiles, @org.jspecify.annotations.Nullable Long trustedBefore, Map<String, Object> slots,
            List<SkippedFile> skipped, Upload run) {
        Listeners.Tracker progress = run.progress;
        long total = 0;
        for (Scanner.Scanned s : group) {
            total += s.size();
        }
        String basePack = null;
        for (Scanner.Scanned s : group) {
            Manifest.Entry previous = baseEntries.get(s.path());
            if (!trusted(previous, s, trustedBefore) || !previous.isPacked() || (basePack != null && !basePack.equals(previous.chunks().get(0)))) {
                basePack = null;
                break;
            }
            basePack = previous.chunks().get(0);
        }
        if (basePack != null && basePackFiles.getOrDefault(basePack, 0) == group.size()) {
            for (Scanner.Scanned s : group) {
                slots.put(s.path(), baseEntries.get(s.path()).withAttributes(s.mode(), s.mtimeNanos()));
            }
            run.reused.incrementAndGet();
            progress.reused(total);
            progress.advance(group.size(), total);
            return null;
        }
        byte[] data = new byte[(int) total];
        PackWork pack = new PackWork();
        int length = 0;
        for (Scanner.Scanned s : group) {
            if (run.tasks.failure() != null) {
                throw BoundedTasks.propagate(run.tasks.failure());
            }
            FileWork work = new FileWork(s);
            int read;
            try (FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                read = readUpTo(ch, data, length, (int) s.size());
            } catch (NoSuchFileException e) {
                slots.put(s.path(), null);
                skipped.add(new SkippedFile(s.path(), s.size(), "vanished during the save"));
                progress.advance(1, 0);
                continue;
            } catch (IOException e) {
                throw new LocalDiskException("Cannot read the profile (at " + s.file() + "): " + e.getMessage(), s.file(), e);
            }
            slots.put(s.path(), work);
            if (read == 0) {
                progress.advance(1, 0);
                continue;
            }
            work.size = read;
            work.pack = pack;
            work.packOffset = length;
            pack.files.add(work);
            length += read;
        }
        if (pack.files.isEmpty()) {
            return null;
        }
        pack.length = length;
        return new Pending(null, -1, data, length, true, pack);
    }

    /**
     * Reads up to {@code want} bytes of the file into {@code data} at {@code offset}; returns how many it read
     * (fewer at its end).
     */
    private static int readUpTo(FileChannel ch, byte[] data, int offset, int want) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(data, offset, want);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                break;
            }
        }
        return buf.position() - offset;
    }
}
