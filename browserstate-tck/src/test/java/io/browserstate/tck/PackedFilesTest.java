package io.browserstate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.MountOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotDiff;
import io.browserstate.core.BrowserState;
import io.browserstate.core.CountingStorageProvider;
import io.browserstate.core.StorageProviders;
import io.browserstate.core.memory.MemoryStorageProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small files are packed several to a chunk: a save of thousands of them writes a few dozen blobs, a
 * change to one re-sends one pack, and each packed file is still verified alone (by its digest) when a
 * local copy serves it.
 */
class PackedFilesTest {
    /** 1,500 files of 1 byte to 4 KiB (half random, half text), 5 empty ones, and two of 300 KB, which are not packed. */
    private static final int SMALL = 1_500;
    private static final int LARGE = 300_000;

    @TempDir
    Path temp;
    String store;
    CountingStorageProvider provider;
    BrowserStateManager manager;

    @BeforeEach
    void open() {
        store = "packed-" + UUID.randomUUID();
        provider = new CountingStorageProvider(StorageProviders.open(URI.create("memory:" + store), Map.of()));
        manager = BrowserState.create(provider, BrowserStateOptions.builder().workDirectory(temp.resolve("work")).build());
    }

    @AfterEach
    void close() {
        manager.close();
        MemoryStorageProvider.clear(store);
    }

    private Path tree(Path dir) throws IOException {
        Random r = new Random(42);
        for (int i = 0; i < SMALL; i++) {
            int size = 1 + r.nextInt(4096);
            ProfileTrees.write(dir.resolve("Default/IndexedDB/d" + (i % 13) + "/f" + i), i % 2 == 0 ? ProfileTrees.random(r, size)
                    : ProfileTrees.text(r, size));
        }
        for (int i = 0; i < 5; i++) {
            ProfileTrees.write(dir.resolve("Default/empty" + i), new byte[0]);
        }
        ProfileTrees.write(dir.resolve("Default/History"), ProfileTrees.random(r, LARGE));
        ProfileTrees.write(dir.resolve("Default/Cookies"), ProfileTrees.text(r, LARGE));
        Files.setPosixFilePermissions(dir.resolve("Default/IndexedDB/d3/f3"), PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    @Test
    @DisplayName("1,500 small files save as a few dozen blobs and restore exactly: bytes, modes and times")
    void manySmallFilesTravelInFewBlobs() throws IOException {
        Path tree = tree(temp.resolve("tree"));
        SessionId id = SessionId.of("packed", "many");

        SaveResult saved = manager.save(id, tree);
        long blobsPut = provider.stats().blobsWritten();
        RestoreResult restored = manager.restore(id, temp.resolve("out"));

        assertThat(saved.fileCount()).isEqualTo(SMALL + 5 + 2);
        // about 3 MB of small files in packs of 32-128 KiB, the two large files in one chunk each, the manifest
        // in a few parts and the record: far fewer blobs than files
        assertThat(blobsPut).as("blobs written for %d files", saved.fileCount()).isBetween(10L, 150L);
        assertThat(provider.stats().blobsRead()).as("blobs read back").isLessThan(150L);
        assertThat(restored.fileCount()).isEqualTo(saved.fileCount());
        assertSameTree(temp.resolve("out"), tree);
    }

    @Test
    @DisplayName("packSmallFiles=false writes every small file as a chunk of its own, and reads packed snapshots all the same")
    void packingOff() throws IOException {
        Path tree = tree(temp.resolve("tree"));
        SessionId packed = SessionId.of("packed", "on");
        manager.save(packed, tree);
        try (BrowserStateManager unpacked = BrowserState.create(provider, BrowserStateOptions.builder().workDirectory(temp.resolve("work2"))
                .packSmallFiles(false).build())) {
            long before = provider.stats().blobsWritten();
            SaveResult saved = unpacked.save(SessionId.of("packed", "off"), tree);

            assertThat(provider.stats().blobsWritten() - before).as("one blob per distinct small file at least").isGreaterThan(SMALL);
            assertThat(saved.chunkCount()).isGreaterThanOrEqualTo(SMALL + 2);
            assertSameTree(unpacked.restore(packed, temp.resolve("out")).directory(), tree);
        }
    }

    @Test
    @DisplayName("with a small chunk size and a provider that refuses larger blobs, packs stay within a chunk and save")
    void packsFitTheProvidersBlobLimit() throws IOException {
        Path tree = tree(temp.resolve("tree"));
        int limit = 8192;
        io.browserstate.spi.StorageProvider strict = new io.browserstate.core.ForwardingStorageProvider(provider) {
            @Override
            public io.browserstate.spi.ProviderCapabilities capabilities() {
                io.browserstate.spi.ProviderCapabilities c = delegate().capabilities();
                return io.browserstate.spi.ProviderCapabilities.builder().ttl(c.ttl()).leases(c.leases()).multiProcess(c.multiProcess())
                        .maxBlobBytes(limit).preferredBatchBytes(c.preferredBatchBytes()).build();
            }

            @Override
            public void putBlobs(io.browserstate.spi.BlobSpace space, java.util.List<io.browserstate.spi.Blob> blobs) {
                for (io.browserstate.spi.Blob b : blobs) {
                    if (b.data().length > limit) {
                        throw new IllegalStateException("a blob of " + b.data().length + " bytes, over the limit of " + limit);
                    }
                }
                super.putBlobs(space, blobs);
            }
        };
        try (BrowserStateManager small = BrowserState.create(strict, BrowserStateOptions.builder().workDirectory(temp.resolve("work2"))
                .chunkSize(BrowserStateOptions.MIN_CHUNK_SIZE).build())) {
            SessionId id = SessionId.of("packed", "small-chunks");
            long before = provider.stats().blobsWritten();
            SaveResult saved = small.save(id, tree);

            assertThat(provider.stats().blobsWritten() - before).as("small files still packed").isLessThan(SMALL);
            assertThat(saved.fileCount()).isEqualTo(SMALL + 5 + 2);
            assertSameTree(small.restore(id, temp.resolve("out")).directory(), tree);
        }
    }

    @Test
    @DisplayName("changing one small file re-sends its pack and the manifest parts around it, not the other packs")
    void deltaOfOneSmallFileResendsOnePack() throws IOException {
        Path tree = tree(temp.resolve("tree"));
        SessionId id = SessionId.of("packed", "delta");
        SaveResult full = manager.save(id, tree);
        ProfileTrees.write(tree.resolve("Default/IndexedDB/d5/f700"), "changed".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        SaveResult delta = manager.save(id, tree);

        assertThat(delta.bytesWritten()).as("bytes of the delta, full save %d", full.bytesWritten())
                .isLessThan(128 * 1024 + 64 * 1024).isLessThan(full.bytesWritten() / 10);
        // one new pack, the manifest's changed parts, its pointer and the record
        assertThat(delta.blobsWritten()).isLessThanOrEqualTo(8);
        assertSameTree(manager.restore(id, temp.resolve("out")).directory(), tree);

        SnapshotDiff diff = manager.diff(id, 1, 2);
        assertThat(diff.changes()).as("the other files of the changed pack are not reported changed")
                .extracting(SnapshotDiff.Change::path).containsExactly("Default/IndexedDB/d5/f700");
    }

    @Test
    @DisplayName("a seed serves each packed file that hashes to its own digest; a changed or tampered one is fetched")
    void seedServesPackedFilesByTheirDigest() throws IOException {
        Path tree = tree(temp.resolve("tree"));
        SessionId id = SessionId.of("packed", "seed");
        manager.save(id, tree);
        Path seed = temp.resolve("seed");
        RestoreResult full = manager.restore(id, seed);
        ProfileTrees.write(tree.resolve("Default/IndexedDB/d1/f1"), "new content".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SaveResult v2 = manager.save(id, tree);
        byte[] tampered = Files.readAllBytes(seed.resolve("Default/IndexedDB/d2/f2"));
        tampered[0] ^= 1;
        Files.write(seed.resolve("Default/IndexedDB/d2/f2"), tampered);

        RestoreResult seeded = manager.restore(id, temp.resolve("seeded"), seed);

        assertSameTree(seeded.directory(), tree);
        long fetchedPlain = v2.totalBytes() - seeded.bytesReused();
        assertThat(fetchedPlain).as("the changed file and the tampered one").isEqualTo(11 + tampered.length);
        assertThat(seeded.bytesRead()).as("two packs and the manifest at most, of %d", full.bytesRead())
                .isLessThan(2 * 128 * 1024 + 128 * 1024).isLessThan(full.bytesRead() / 4);
    }

    @Test
    @DisplayName("a kept copy re-mounted keeps every packed file in place and fetches nothing")
    void keptCopyKeepsPackedFiles() throws IOException {
        Path tree = tree(temp.resolve("tree"));
        SessionId id = SessionId.of("packed", "kept");
        manager.save(id, tree);
        try (MountedSession first = manager.mount(id, MountOptions.builder().keepLocalCopy(true).build())) {
            assertThat(first.restored().bytesReused()).isZero();
        }
        try (MountedSession again = manager.mount(id, MountOptions.builder().keepLocalCopy(true).build())) {
            assertThat(again.restored().bytesRead()).as("no chunk fetched").isZero();
            assertSameTree(again.directory(), tree);
        }
    }

    @Test
    @DisplayName("a fork into another user's encrypted space renames each packed file's digest, so a seed still serves it there")
    void encryptedForkRenamesDigests() throws IOException {
        Path keyFile = temp.resolve("key");
        Files.writeString(keyFile, java.util.HexFormat.of().formatHex(new byte[32]).replace('0', '7'));
        try (BrowserStateManager sealed = BrowserState.create(provider, BrowserStateOptions.builder().workDirectory(temp.resolve("work2"))
                .encryption(BrowserStateOptions.AES_256_GCM).encryptionKeys(java.util.List.of("k1=file:" + keyFile)).build())) {
            Path tree = tree(temp.resolve("tree"));
            SessionId from = SessionId.of("alice", "s");
            SessionId to = SessionId.of("bob", "s");
            sealed.save(from, tree);
            Path seed = sealed.restore(from, temp.resolve("alice")).directory();

            sealed.fork(from, to);
            RestoreResult seeded = sealed.restore(to, temp.resolve("bob"), seed);

            assertSameTree(seeded.directory(), tree);
            assertThat(seeded.bytesReused()).as("every file served by the seed, verified under bob's ids").isEqualTo(seeded.totalBytes());
        }
    }

    /** Every path of {@code restored} as {@code tree} holds it: type, size, content hash, mode and mtime. */
    private static void assertSameTree(Path restored, Path tree) {
        assertThat(ProfileTrees.describe(restored)).as("restored exactly").isEqualTo(ProfileTrees.describe(tree));
    }
}
