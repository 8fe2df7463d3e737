package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveFailedException;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.spi.CompressionCodec;
import io.browserstate.spi.Head;
import io.browserstate.spi.ProviderCapabilities;
import io.browserstate.spi.StorageProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The snapshot engine, in the rooms restic draws: a save runs the {@link SnapshotWriter} (scan, chunk,
 * hash, upload), the {@link ManifestStore} (encode, parts), the {@link HeadPublisher} (retention, next
 * head, compare-and-set) and the {@link GarbageCollector} (fenced); a restore runs the
 * {@link SnapshotReader} on the tree pipeline. This class only wires them together.
 */
public final class SnapshotEngine {
    private static final System.Logger LOG = System.getLogger(SnapshotEngine.class.getName());

    private final CompressionCodec codec;
    private final BrowserStateOptions options;
    private final Clock clock;
    private final SnapshotWriter writer;
    private final ManifestStore manifests;
    private final HeadPublisher publisher;
    private final GarbageCollector collector;
    private final SnapshotReader reader;

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

    public SnapshotEngine(StorageProvider provider, BrowserStateOptions options, Codecs codecs, ExecutorService workers, Clock clock) {
        ProviderCapabilities caps = provider.capabilities();
        if (caps.maxBlobBytes() > 0 && caps.maxBlobBytes() < options.chunkSize() + 64) {
            throw new InvalidConfigurationException("chunkSize " + options.chunkSize() + " is larger than the provider's largest blob ("
                    + caps.maxBlobBytes() + " bytes)");
        }
        int batchBytes = Math.max(options.chunkSize(), caps.preferredBatchBytes() <= 0 ? ProviderCapabilities.DEFAULT_BATCH_BYTES
                : caps.preferredBatchBytes());
        this.codec = codecs.get(options.compression());
        this.options = options;
        this.clock = clock;
        this.writer = new SnapshotWriter(provider, options, codec, workers, batchBytes);
        this.manifests = new ManifestStore(provider, codecs, codec);
        this.publisher = new HeadPublisher(provider, options);
        this.collector = new GarbageCollector(provider, manifests);
        this.reader = new SnapshotReader(provider, options, codecs, workers, batchBytes);
    }

    /**
     * Saves {@code dir} as the session's next snapshot and publishes it with a compare-and-set from
     * {@code base}. Every failure is translated here, once: a conflict stays a
     * {@link SessionConflictException}, anything else becomes a {@link SaveFailedException} naming the
     * directory that was kept.
     *
     * @throws SessionConflictException when the head moved or the lease was lost
     * @throws SaveFailedException when nothing was published for another reason
     */
    public Saved save(SessionId id, Path dir, Base base, LeaseKeeper lease, SaveOptions saveOptions) {
        try {
            return saveUntranslated(id, dir, base, lease, saveOptions);
        } catch (RuntimeException e) {
            throw saveFailure(id, dir, e);
        }
    }

    /** The one translation of a failed save: conflicts stay conflicts, the rest name the kept directory. */
    static RuntimeException saveFailure(SessionId id, Path dir, RuntimeException e) {
        return e instanceof SessionConflictException || e instanceof SaveFailedException ? e : new SaveFailedException(id, dir, e);
    }

    private Saved saveUntranslated(SessionId id, Path dir, Base base, LeaseKeeper lease, SaveOptions saveOptions) {
        Instant started = clock.instant();
        long scanStartedAt = started.getEpochSecond() * 1_000_000_000L + started.getNano();
        long t0 = System.nanoTime();
        SnapshotWriter.Written written = writer.write(id, dir, base.manifest());
        Instant now = clock.instant();
        Manifest manifest = new Manifest(Manifest.FORMAT, now.toString(), codec.name(), options.encryption(), scanStartedAt,
                written.entries(), null);
        ManifestStore.Stored stored = manifests.store(id, manifest);
        Head next = publisher.publish(id, dir, base, stored.id(), written.totalBytes(), written.fileCount(), now, lease, saveOptions);
        long collected = collector.collect(id, next, stored.manifest(), base, lease);
        List<io.browserstate.api.SkippedFile> skipped = written.skipped();
        SaveResult result = new SaveResult(id, next.version(), stored.id(), written.fileCount(), written.totalBytes(), written.chunkCount(),
                written.blobsWritten() + stored.blobsWritten(), written.bytesWritten() + stored.bytesWritten(), written.reused(), skipped,
                written.excluded(), collected, Duration.ofNanos(System.nanoTime() - t0));
        if (!skipped.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, () -> "Save of " + id + " skipped " + skipped.size() + " file(s): " + skipped);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "Saved " + id + " v" + next.version() + " since " + started + ": " + result);
        return new Saved(result, new Base(next, stored.manifest()));
    }

    /** Reads and verifies a manifest, reassembling it from its parts when it was stored in several blobs. */
    public Manifest loadManifest(SessionId id, String manifestId) {
        return manifests.load(id, manifestId);
    }

    /**
     * Restores a snapshot into {@code target} (absent or an empty directory): validated whole first,
     * written into a private staging directory beside it, moved into place at the end. On failure nothing
     * is left behind and {@code target} is as it was.
     */
    public RestoreResult restore(SessionId id, Head head, Manifest manifest, Path target) {
        return reader.restore(id, head, manifest, target);
    }
}
