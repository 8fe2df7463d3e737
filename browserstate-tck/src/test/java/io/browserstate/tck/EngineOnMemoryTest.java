package io.browserstate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.CountingStorageProvider;
import io.browserstate.core.StorageProviders;
import io.browserstate.spi.Blob;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.StorageProvider;
import io.browserstate.core.StorageStats;
import io.browserstate.core.memory.MemoryStorageProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine's promises on delta size, skipped names and hostile input, on the reference memory provider. */
class EngineOnMemoryTest {
    @TempDir
    Path temp;
    String storeName;
    StorageProvider provider;
    CountingStorageProvider counted;
    BrowserStateManager manager;
    final SessionId id = SessionId.of("alice", "profile");
    final io.browserstate.spi.BlobSpace space = io.browserstate.spi.BlobSpace.shared(id.userId());

    @BeforeEach
    void open() {
        storeName = "engine-" + java.util.UUID.randomUUID();
        counted = new CountingStorageProvider(StorageProviders.open(URI.create("memory:" + storeName), Map.of()));
        provider = counted;
        manager = BrowserState.create(provider, options().build());
    }

    BrowserStateOptions.Builder options() {
        return BrowserStateOptions.builder().workDirectory(temp.resolve("mounts"));
    }

    @AfterEach
    void close() {
        manager.close();
        MemoryStorageProvider.clear(storeName);
    }

    @Test
    void toStringSaysWhatTheManagerAndAMountAre() {
        assertThat(manager.toString()).startsWith("BrowserStateManager[store=memory:" + storeName).contains("compression=zstd")
                .contains("mountedHere=0");
        ProfileTrees.write(temp.resolve("p/Default/Preferences"), "{}".getBytes(StandardCharsets.UTF_8));
        manager.save(id, temp.resolve("p"));
        try (io.browserstate.api.MountedSession mount = manager.mount(id)) {
            assertThat(mount.toString()).isEqualTo("MountedSession[" + id + ", directory=" + mount.directory() + ", version=1]");
            assertThat(manager.toString()).contains("mountedHere=1");
            mount.discard();
            assertThat(mount.toString()).endsWith(", closed]");
        }
    }

    @Test
    void aHeadThatWentBackwardsDoesNotGetItsVersionNumbersAgain() {
        Path profile = temp.resolve("profile");
        ProfileTrees.write(profile.resolve("Default/Preferences"), "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        manager.save(id, profile);
        Head first = provider.readHead(id).orElseThrow();
        for (int v = 2; v <= 3; v++) {
            ProfileTrees.write(profile.resolve("Default/Preferences"), ("{\"v\":" + v + "}").getBytes(StandardCharsets.UTF_8));
            manager.save(id, profile);
        }
        // what a failover to a replica that lagged does: the head is back at version 1
        assertThat(provider.compareAndSetHead(id, 3, first, null, null)).isEqualTo(HeadUpdate.PUBLISHED);
        ProfileTrees.write(profile.resolve("Default/Preferences"), "{\"v\":4}".getBytes(StandardCharsets.UTF_8));
        SaveResult next = manager.save(id, profile);
        assertThat(next.version()).as("versions 2 and 3 named other snapshots: never again").isEqualTo(4);
        assertThat(manager.history(id, null, 10).items()).extracting(io.browserstate.api.SnapshotInfo::version).contains(4L, 1L);
        manager.delete(id);
        assertThat(manager.save(id, profile).version()).as("a session this manager deleted starts again at 1").isEqualTo(1);
    }

    @Test
    void deltaSaveOf40MbTreeAfterOne4KbChangeWritesUnderOnePercent() {
        Path profile = temp.resolve("profile");
        ProfileTrees.writeRandomTree(profile, 200, 200 * 1024, 11);
        ProfileTrees.write(profile.resolve("Default/Local Storage/leveldb/000003.log"), ProfileTrees.text(new Random(1), 4096));
        StorageStats s0 = counted.stats();
        SaveResult full = manager.save(id, profile);
        long fullBytes = counted.stats().minus(s0).bytesWritten();
        assertThat(full.totalBytes()).isGreaterThan(40L * 1000 * 1000);

        ProfileTrees.write(profile.resolve("Default/Local Storage/leveldb/000003.log"), ProfileTrees.text(new Random(2), 4096));
        StorageStats s1 = counted.stats();
        SaveResult delta = manager.save(id, profile);
        long deltaBytes = counted.stats().minus(s1).bytesWritten();

        assertThat(deltaBytes).as("delta bytes (provider count) vs full %d", fullBytes).isLessThan(fullBytes / 100);
        assertThat(delta.bytesWritten()).isEqualTo(deltaBytes);
        manager.restore(id, temp.resolve("restored"));
        assertThat(ProfileTrees.describe(temp.resolve("restored"))).isEqualTo(ProfileTrees.describe(profile));
    }

    @Test
    void smallChangeInsideLargeFileUploadsOnlyTheChangedChunk() throws IOException {
        Path profile = temp.resolve("profile");
        byte[] big = ProfileTrees.random(new Random(3), 8 * 1024 * 1024);
        ProfileTrees.write(profile.resolve("Default/History"), big);
        manager.save(id, profile);
        big[5_000_000] ^= 1;
        Files.write(profile.resolve("Default/History"), big);
        SaveResult delta = manager.save(id, profile);
        assertThat(delta.blobsWritten()).as("one changed 512 KiB chunk plus the manifest and the snapshot record").isEqualTo(3);
        assertThat(delta.bytesWritten()).isLessThan(600 * 1024);
    }

    @Test
    void fileRewrittenWithTheSameSizeAndMtimeRightAfterASaveIsStillSavedAgain() throws IOException {
        // File systems stamp mtimes from a coarse clock; a rewrite within the same tick keeps the mtime.
        Path profile = temp.resolve("profile");
        Path file = profile.resolve("Default/Preferences");
        ProfileTrees.write(file, "{\"theme\":\"dark\"}".getBytes(StandardCharsets.UTF_8));
        java.nio.file.attribute.FileTime tick = Files.getLastModifiedTime(file);
        manager.save(id, profile);
        Files.writeString(file, "{\"theme\":\"lite\"}");
        Files.setLastModifiedTime(file, tick);
        SaveResult second = manager.save(id, profile);
        assertThat(second.blobsWritten()).as("the rewritten file's chunk, the manifest and the snapshot record").isEqualTo(3);
        manager.restore(id, temp.resolve("restored"));
        assertThat(temp.resolve("restored/Default/Preferences")).hasContent("{\"theme\":\"lite\"}");
    }

    @Test
    void filesOverMaxFileSizeAreSkippedAndEverySkipIsReported() {
        manager.close();
        provider = StorageProviders.open(URI.create("memory:" + storeName), Map.of());
        manager = BrowserState.create(provider, options().maxFileSize(10_000).build());
        Path profile = temp.resolve("profile");
        ProfileTrees.write(profile.resolve("small"), new byte[100]);
        ProfileTrees.write(profile.resolve("big"), new byte[20_000]);
        SaveResult r = manager.save(id, profile);
        assertThat(r.fileCount()).isEqualTo(1);
        assertThat(r.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("big");
            assertThat(s.reason()).contains("maxFileSize");
        });
    }

    // ------------------------------------------------------------------------------- names and leases

    @Test
    void saveWhenNamesAreNotValidUtf8ThenSkippedAndReportedAndSessionRestores() throws Exception {
        Path profile = temp.resolve("raw-names");
        ProfileTrees.write(profile.resolve("Default/Cookies"), "c".getBytes(StandardCharsets.UTF_8));
        // two names that decode to the same string (a, U+FFFD) and one alone in its directory
        Process touch = new ProcessBuilder("sh", "-c", "touch \"$(printf 'Default/a\\377')\" \"$(printf 'Default/a\\376')\""
                + " && mkdir lone && touch \"$(printf 'lone/b\\377')\"").directory(profile.toFile()).inheritIO().start();
        assertThat(touch.waitFor()).isZero();

        SaveResult saved = manager.save(id, profile);

        assertThat(saved.skipped()).hasSize(3).allSatisfy(s -> assertThat(s.reason()).contains("would come back under another name"));
        assertThat(saved.fileCount()).isEqualTo(1);
        Path restored = temp.resolve("raw-restored");
        manager.restore(id, restored);
        assertThat(ProfileTrees.describe(restored)).containsOnlyKeys("Default", "Default/Cookies", "lone");
    }

    @Test
    void restoreWhenASegmentIsLongerThanTheFileSystemAllowsThenCorruptData() throws IOException {
        provider.putBlobs(space, List.of(new Blob(chunkId("hello"), rawBlob("hello"))));
        publishManifest("{\"format\":1,\"createdAt\":\"2026-01-01T00:00:00Z\",\"compression\":\"none\",\"encryption\":\"none\",\"entries\":"
                + "[{\"path\":\"d/" + "é".repeat(130) + "\",\"type\":\"file\",\"size\":5,\"chunkSize\":524288,\"chunks\":[\"" + chunkId("hello") + "\"]}]}");
        assertThatThrownBy(() -> manager.restore(id, temp.resolve("long")))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("255 bytes");
        assertThat(temp.resolve("long")).doesNotExist();
    }


    // ----------------------------------------------------------------------------- hostile input

    static Stream<Arguments> hostileManifests() {
        String ok = chunkId("hello");
        return Stream.of(
                Arguments.of("dot-dot path", "[{\"path\":\"Default/../../escape\",\"type\":\"file\",\"size\":5,\"chunkSize\":524288,\"chunks\":[\"" + ok + "\"]}]", "'..' segment"),
                Arguments.of("absolute path", "[{\"path\":\"/tmp/escape\",\"type\":\"file\",\"size\":5,\"chunkSize\":524288,\"chunks\":[\"" + ok + "\"]}]", "absolute name"),
                Arguments.of("symlink outside", "[{\"path\":\"Default/link\",\"type\":\"symlink\",\"target\":\"../../outside\"}]", "leaves the tree"),
                Arguments.of("absolute symlink", "[{\"path\":\"link\",\"type\":\"symlink\",\"target\":\"/etc/passwd\"}]", "absolute target"),
                Arguments.of("write through symlink", "[{\"path\":\"d\",\"type\":\"symlink\",\"target\":\"e\"},{\"path\":\"d/x\",\"type\":\"file\",\"size\":5,\"chunkSize\":524288,\"chunks\":[\"" + ok + "\"]}]", "lies below \"d\""),
                Arguments.of("link chain through a link to the root", "[{\"path\":\"m\",\"type\":\"symlink\",\"target\":\".\"},"
                        + "{\"path\":\"x/y/l\",\"type\":\"symlink\",\"target\":\"../../m/..\"}]", "leaves the tree"),
                Arguments.of("link chain below Default", "[{\"path\":\"Default/x/root\",\"type\":\"symlink\",\"target\":\"../..\"},"
                        + "{\"path\":\"Default/Cookies\",\"type\":\"symlink\",\"target\":\"x/root/../../outside/c\"}]", "leaves the tree"),
                Arguments.of("chunk does not match id", "[{\"path\":\"f\",\"type\":\"file\",\"size\":5,\"chunkSize\":524288,\"chunks\":[\"" + chunkId("other") + "\"]}]", "does not match its id"),
                Arguments.of("too many bytes", "[{\"path\":\"f\",\"type\":\"file\",\"size\":9000000000,\"chunkSize\":4194304,\"chunks\":[]}]", "maxRestoreBytes"),
                Arguments.of("too many files", manyFiles(), "maxRestoreFiles"),
                Arguments.of("unknown type", "[{\"path\":\"dev\",\"type\":\"chardev\"}]", "unknown type"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("hostileManifests")
    void hostileSnapshotIsRefusedAndNothingIsWrittenOutsideTheTarget(String name, String entries, String message) throws IOException {
        manager.close();
        provider = StorageProviders.open(URI.create("memory:" + storeName), Map.of());
        manager = BrowserState.create(provider, options().maxRestoreBytes(1_000_000_000L).maxRestoreFiles(50).build());
        // a chunk stored under the id of "hello" but holding "HELLO": only the mismatch case names it
        provider.putBlobs(space, List.of(new Blob(chunkId("hello"), rawBlob("hello")), new Blob(chunkId("other"), rawBlob("HELLO"))));
        publishManifest("{\"format\":1,\"createdAt\":\"2026-01-01T00:00:00Z\",\"compression\":\"none\",\"encryption\":\"none\",\"entries\":" + entries + "}");
        Path sandbox = temp.resolve("a/b/c");
        Path target = sandbox.resolve("target");
        Files.createDirectories(sandbox);

        assertThatThrownBy(() -> manager.restore(id, target))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining(id.toString())
                .hasMessageContaining(message);

        assertThat(target).doesNotExist();
        try (Stream<Path> all = Files.walk(temp.resolve("a"))) {
            assertThat(all.filter(p -> !p.equals(temp.resolve("a")))).containsExactlyInAnyOrder(temp.resolve("a/b"), sandbox);
        }
        assertThat(Path.of("/tmp/escape")).doesNotExist();
        assertThat(Files.exists(temp.resolve("outside"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void mountOfCorruptSessionFailsInsteadOfGivingAnEmptyProfile() {
        provider.putBlobs(space, List.of(new Blob(chunkId("other"), rawBlob("HELLO"))));
        publishManifest("{\"format\":1,\"entries\":[{\"path\":\"f\",\"type\":\"file\",\"size\":5,\"chunkSize\":524288,\"chunks\":[\"" + chunkId("other") + "\"]}]}");
        assertThatThrownBy(() -> manager.mount(id)).isInstanceOf(CorruptDataException.class);
        assertThat(temp.resolve("mounts")).isEmptyDirectory();
        // the lease was released: a later mount is refused for corruption, not for a held lease
        assertThatThrownBy(() -> manager.mount(id)).isInstanceOf(CorruptDataException.class);
    }

    private void publishManifest(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String manifestId = ProfileTrees.sha256(bytes);
        Instant now = Instant.now();
        long version = provider.readHead(id).map(Head::version).orElse(0L);
        String record = "{\"format\":2,\"version\":" + (version + 1) + ",\"manifest\":\"" + manifestId + "\",\"savedAt\":\"" + now
                + "\",\"sizeBytes\":5,\"fileCount\":1,\"attributes\":{},\"origin\":\"save\"}";
        String recordId = ProfileTrees.sha256(record.getBytes(StandardCharsets.UTF_8));
        provider.putBlobs(space, List.of(new Blob(manifestId, rawBlob(json)), new Blob(recordId, rawBlob(record))));
        assertThat(provider.compareAndSetHead(id, version, new Head(version + 1, manifestId, recordId, List.of(), now, now, now, 5, 1, null,
                Map.of()), null, null)).isEqualTo(HeadUpdate.PUBLISHED);
    }

    private static String manyFiles() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            entries.add("{\"path\":\"f" + i + "\",\"type\":\"dir\"}");
        }
        return "[" + String.join(",", entries) + "]";
    }

    private static String chunkId(String content) {
        return ProfileTrees.sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    /** A blob in the documented format 1 with codec "none": 'B', 1, flags 0, name length, name, plain length, bytes. */
    static byte[] rawBlob(String content) {
        byte[] plain = content.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[4 + 4 + 4 + plain.length];
        out[0] = 'B';
        out[1] = 1;
        out[2] = 0;
        out[3] = 4;
        System.arraycopy("none".getBytes(StandardCharsets.US_ASCII), 0, out, 4, 4);
        out[8] = (byte) (plain.length >>> 24);
        out[9] = (byte) (plain.length >>> 16);
        out[10] = (byte) (plain.length >>> 8);
        out[11] = (byte) plain.length;
        System.arraycopy(plain, 0, out, 12, plain.length);
        return out;
    }

    // ------------------------------------------------------------------------------- failed saves



}
