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
import java.util.Arrays;
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

    private record Pending(FileWork file, int index, byte[] data, boolean last) {
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

        Upload(BlobSpace space, Set<String> known, Listeners.Tracker progress) {
            this.progress = progress;
            this.space = space;
            this.context = Blobs.spaceContext(space);
            this.known = known;
        }

        void submit(List<Pending> batch) throws InterruptedException {
            tasks.submit(() -> upload(batch));
        }

        void upload(List<Pending> batch) {
            Map<String, Pending> candidates = new LinkedHashMap<>();
            for (Pending p : batch) {
                String blobId = blobs.id(space, p.data);
                p.file.set(p.index, blobId);
                if (!known.contains(blobId) && claimed.add(blobId)) {
                    candidates.put(blobId, p);
                } else {
                    reused.incrementAndGet();
                    progress.reused(p.data.length);
                }
            }
            if (candidates.isEmpty()) {
                advance(batch);
                return;
            }
            Set<String> missing = provider.claimBlobs(space, candidates.keySet());
            reused.addAndGet(candidates.size() - missing.size());
            candidates.forEach((blobId, p) -> {
                if (!missing.contains(blobId)) {
                    progress.reused(p.data.length);
                }
            });
            List<Blob> toPut = new ArrayList<>(missing.size());
            long bytes = 0;
            for (Map.Entry<String, Pending> e : candidates.entrySet()) {
                if (missing.contains(e.getKey())) {
                    byte[] data = e.getValue().data;
                    byte[] encoded = blobs.encode(context, e.getKey(), data, 0, data.length);
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
        }

        /** A batch is done once its chunks are in the store: its bytes, and the files it finished. */
        private void advance(List<Pending> batch) {
            long bytes = 0;
            long files = 0;
            for (Pending p : batch) {
                bytes += p.data.length;
                if (p.last) {
                    files++;
                }
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
        if (base != null) {
            for (Manifest.Entry e : base.entries()) {
                baseEntries.put(e.path(), e);
                if (e.chunks() != null) {
                    known.addAll(e.chunks());
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
        List<Pending> batch = new ArrayList<>();
        long batchSize = 0;
        Path reading = dir;
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
                        byte[] data = readUpTo(ch, want);
                        if (data.length == 0) {
                            break;
                        }
                        work.size += data.length;
                        remaining -= data.length;
                        batch.add(new Pending(work, work.addSlot(), data, remaining == 0 || data.length < want));
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
                } catch (NoSuchFileException e) {
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

    private static byte[] readUpTo(FileChannel ch, int want) throws IOException {
        byte[] data = new byte[want];
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                break;
            }
        }
        return buf.position() == want ? data : Arrays.copyOf(data, buf.position());
    }
}
