package io.browserstate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateListener;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.MountOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.OperationEvent;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.CountingStorageProvider;
import io.browserstate.core.StorageProviders;
import io.browserstate.core.memory.MemoryStorageProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore from a local seed (an older copy of the profile): what matches the snapshot's chunks by
 * content is read from the seed, the rest is fetched, and the result is the snapshot exactly, whatever
 * the seed holds.
 */
class SeedRestoreTest {
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path temp;
    String store;
    CountingStorageProvider provider;
    BrowserStateManager manager;
    final List<OperationEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = "seed-" + UUID.randomUUID();
        provider = new CountingStorageProvider(StorageProviders.open(URI.create("memory:" + store), Map.of()));
        manager = BrowserState.create(provider, BrowserStateOptions.builder().workDirectory(temp.resolve("work")).chunkSize(CHUNK).build());
        manager.addListener(new BrowserStateListener() {
            @Override
            public void onFinished(OperationEvent e) {
                events.add(e);
            }
        });
    }

    @AfterEach
    void close() {
        manager.close();
        MemoryStorageProvider.clear(store);
    }

    @Test
    @DisplayName("an unchanged session restored from its own earlier copy fetches no chunk and reuses every byte")
    void unchangedSessionReadsNothing() {
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 30, 200_000, 3);
        SessionId id = SessionId.of("seed", "same");
        SaveResult saved = manager.save(id, tree);
        RestoreResult first = manager.restore(id, temp.resolve("first"));
        assertThat(first.bytesRead()).isPositive();
        assertThat(first.bytesReused()).isZero();

        RestoreResult again = manager.restore(id, temp.resolve("again"), temp.resolve("first"));

        assertThat(again.bytesRead()).as("no chunk fetched").isZero();
        assertThat(again.bytesReused()).isEqualTo(saved.totalBytes());
        assertThat(content(temp.resolve("again"))).isEqualTo(content(tree));
        assertThat(events.get(events.size() - 1).bytesReused()).as("the listener hears it").isEqualTo(saved.totalBytes());
    }

    @Test
    @DisplayName("a stale, tampered seed (a changed chunk, a link, a shorter file, a missing one) only serves what hashes right")
    void tamperedSeedServesOnlyVerifiedChunks() throws IOException {
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 20, 300_000, 5);
        SessionId id = SessionId.of("seed", "tampered");
        manager.save(id, tree);
        Path seed = temp.resolve("seed");
        RestoreResult full = manager.restore(id, seed);

        // the session moves on: one file rewritten
        ProfileTrees.write(tree.resolve("d1/f1.bin"), ProfileTrees.random(new Random(9), 300_000));
        SaveResult v2 = manager.save(id, tree);
        // and the seed is damaged four ways
        byte[] f0 = Files.readAllBytes(seed.resolve("d0/f0.bin"));
        f0[CHUNK + 10] ^= 1; // its second chunk no longer matches; the others do
        Files.write(seed.resolve("d0/f0.bin"), f0);
        Files.delete(seed.resolve("d2/f2.bin"));
        Files.createSymbolicLink(seed.resolve("d2/f2.bin"), tree.resolve("d2/f2.bin")); // the right bytes, behind a link
        Files.write(seed.resolve("d3/f3.bin"), java.util.Arrays.copyOf(Files.readAllBytes(seed.resolve("d3/f3.bin")), 100_000));
        Files.delete(seed.resolve("d4/f4.bin"));
        Files.writeString(seed.resolve("not-in-the-snapshot.txt"), "extra");

        RestoreResult seeded = manager.restore(id, temp.resolve("seeded"), seed);

        assertThat(content(temp.resolve("seeded"))).as("exactly the snapshot, nothing of the seed's damage").isEqualTo(content(tree));
        long fetchedPlain = v2.totalBytes() - seeded.bytesReused();
        // fetched: f1 (changed), f2 (link), f4 (missing) whole, f0's one chunk, f3 past 100,000 bytes (one chunk
        // that straddles the cut, and those after it)
        long expected = 3 * 300_000L + CHUNK + (300_000 - (100_000 / CHUNK) * CHUNK);
        assertThat(fetchedPlain).isEqualTo(expected);
        assertThat(seeded.bytesRead()).isPositive().isLessThan(full.bytesRead());
        assertThat(temp.resolve("seeded/not-in-the-snapshot.txt")).doesNotExist();
    }

    @Test
    @DisplayName("a read-only mount's refresh reads the unchanged files from the profile it already has")
    void refreshReusesTheMountedProfile() {
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 30, 200_000, 8);
        SessionId id = SessionId.of("seed", "fleet");
        SaveResult v1 = manager.save(id, tree);
        try (MountedSession mounted = manager.mount(id, MountOptions.readOnlyMount())) {
            assertThat(mounted.restored().bytesReused()).isZero();
            ProfileTrees.write(tree.resolve("d0/f0.bin"), ProfileTrees.random(new Random(1), 200_000));
            manager.save(id, tree);

            RestoreResult refreshed = mounted.refresh();

            assertThat(refreshed.version()).isEqualTo(2);
            assertThat(refreshed.bytesReused()).isEqualTo(v1.totalBytes() - 200_000);
            assertThat(refreshed.bytesRead()).isLessThan(v1.totalBytes() / 10);
            assertThat(content(mounted.directory())).isEqualTo(content(tree));
        }
    }

    @Test
    @DisplayName("a mount with a seed reuses it; a seed that does not exist is no seed")
    void mountWithSeed() {
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 10, 150_000, 4);
        SessionId id = SessionId.of("seed", "mount");
        SaveResult saved = manager.save(id, tree);
        try (MountedSession m = manager.mount(id, MountOptions.builder().seed(tree).build())) {
            assertThat(m.restored().bytesReused()).isEqualTo(saved.totalBytes());
            assertThat(m.restored().bytesRead()).isZero();
            assertThat(content(m.directory())).isEqualTo(content(tree));
        }
        RestoreResult none = manager.restore(id, temp.resolve("none"), temp.resolve("no-such-dir"));
        assertThat(none.bytesReused()).isZero();
        assertThat(content(temp.resolve("none"))).isEqualTo(content(tree));
    }

    @Test
    @DisplayName("a mount closed with keepLocalCopy is taken over by the next mount: every file moved in, none fetched or written")
    void keptCopyIsMovedIntoTheNextMount() throws IOException {
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 30, 200_000, 11);
        SessionId id = SessionId.of("seed", "kept");
        SaveResult saved = manager.save(id, tree);
        MountOptions keep = MountOptions.builder().keepLocalCopy(true).build();
        Path first;
        try (MountedSession m = manager.mount(id, keep)) {
            first = m.directory();
            assertThat(m.restored().bytesRead()).isPositive();
        }
        assertThat(first).as("the mount's directory is moved away on close").doesNotExist();
        Path kept = keptCopy();
        Object inode = Files.getAttribute(kept.resolve("d3/f3.bin"), "unix:ino");

        try (MountedSession again = manager.mount(id, MountOptions.defaults())) {
            assertThat(again.restored().bytesRead()).as("nothing fetched").isZero();
            assertThat(again.restored().bytesReused()).isEqualTo(saved.totalBytes());
            assertThat(content(again.directory())).isEqualTo(content(tree));
            assertThat(Files.getAttribute(again.directory().resolve("d3/f3.bin"), "unix:ino")).as("the same file, moved, not written again")
                    .isEqualTo(inode);
            assertThat(kept).as("the kept copy is taken over whole").doesNotExist();
        }
        assertThat(keptCopies()).as("a mount without keepLocalCopy keeps nothing").isEmpty();
    }

    @Test
    @DisplayName("a stale, tampered kept copy: only files that hash right are moved in; links, changed and extra files are not")
    void staleKeptCopyServesOnlyVerifiedFiles() throws IOException {
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 20, 300_000, 12);
        SessionId id = SessionId.of("seed", "stale");
        manager.save(id, tree);
        try (MountedSession m = manager.mount(id, MountOptions.builder().keepLocalCopy(true).readOnly(true).createIfMissing(false).build())) {
            assertThat(m.readOnly()).isTrue();
        }
        Path kept = keptCopy();
        // another worker saves a new version: one file rewritten
        ProfileTrees.write(tree.resolve("d1/f1.bin"), ProfileTrees.random(new Random(13), 300_000));
        SaveResult v2 = manager.save(id, tree);
        // and the kept copy is damaged: a changed chunk, a link to the right bytes outside, an extra file
        byte[] f0 = Files.readAllBytes(kept.resolve("d0/f0.bin"));
        f0[2 * CHUNK + 1] ^= 1;
        Files.write(kept.resolve("d0/f0.bin"), f0);
        Path outside = Files.write(temp.resolve("outside.bin"), Files.readAllBytes(tree.resolve("d2/f2.bin")));
        Files.delete(kept.resolve("d2/f2.bin"));
        Files.createSymbolicLink(kept.resolve("d2/f2.bin"), outside);
        Files.writeString(kept.resolve("not-in-the-snapshot.txt"), "extra");

        try (MountedSession again = manager.mount(id, MountOptions.defaults())) {
            assertThat(content(again.directory())).as("exactly the new snapshot").isEqualTo(content(tree));
            assertThat(Files.isSymbolicLink(again.directory().resolve("d2/f2.bin"))).isFalse();
            assertThat(again.directory().resolve("not-in-the-snapshot.txt")).doesNotExist();
            // fetched: f1 (changed) and f2 (a link) whole, f0's changed chunk; f0's other chunks are copied
            assertThat(v2.totalBytes() - again.restored().bytesReused()).isEqualTo(2 * 300_000L + CHUNK);
        }
        assertThat(outside).as("the link's target is untouched").exists();
        assertThat(keptCopies()).isEmpty();
    }

    @Test
    @DisplayName("a kept copy's file with another hard link is copied, never moved in: writes in the mount do not reach the other name")
    void hardLinkedFileInKeptCopyIsNotMovedIn() throws IOException {
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 6, 200_000, 15);
        SessionId id = SessionId.of("seed", "linked");
        SaveResult saved = manager.save(id, tree);
        Path kept = mountAndKeep(id);
        byte[] original = Files.readAllBytes(kept.resolve("d0/f0.bin"));
        Path other = Files.createLink(temp.resolve("other-name.bin"), kept.resolve("d0/f0.bin"));
        Object otherInode = Files.getAttribute(other, "unix:ino");
        Object movedInode = Files.getAttribute(kept.resolve("d1/f1.bin"), "unix:ino");

        try (MountedSession again = manager.mount(id, MountOptions.defaults())) {
            Path f0 = again.directory().resolve("d0/f0.bin");
            assertThat(content(again.directory())).isEqualTo(content(tree));
            assertThat(Files.getAttribute(f0, "unix:ino")).as("a new file, not the linked one").isNotEqualTo(otherInode);
            assertThat(Files.getAttribute(again.directory().resolve("d1/f1.bin"), "unix:ino")).as("an unlinked file is still moved")
                    .isEqualTo(movedInode);
            assertThat(again.restored().bytesRead()).as("its chunks are copied from the kept copy, not fetched").isZero();
            assertThat(again.restored().bytesReused()).isEqualTo(saved.totalBytes());
            Files.write(f0, new byte[] {1, 2, 3});
        }
        assertThat(Files.readAllBytes(other)).as("the other name keeps its bytes").isEqualTo(original);
        assertThat(Files.getAttribute(other, "unix:nlink")).isEqualTo(1);
    }

    @Test
    @DisplayName("a kept copy's directory replaced by a link to outside: the link is removed, nothing outside is read into or changed")
    void keptCopyDirectoryLinkedOutsideIsRemoved() throws IOException {
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 6, 100_000, 16);
        SessionId id = SessionId.of("seed", "dirlink");
        SaveResult saved = manager.save(id, tree);
        Path kept = mountAndKeep(id);
        // the directory moves outside and a link takes its place: the right bytes, but not inside the copy
        Path outside = temp.resolve("outside-dir");
        Files.move(kept.resolve("d2"), outside);
        Files.createSymbolicLink(kept.resolve("d2"), outside);
        SortedMap<String, String> outsideBefore = content(outside);

        try (MountedSession again = manager.mount(id, MountOptions.defaults())) {
            Path d2 = again.directory().resolve("d2");
            assertThat(Files.isSymbolicLink(d2)).isFalse();
            assertThat(Files.isDirectory(d2)).isTrue();
            assertThat(content(again.directory())).isEqualTo(content(tree));
            long d2Bytes = Files.size(tree.resolve("d2/f2.bin"));
            assertThat(again.restored().bytesReused()).as("what lay behind the link is fetched").isEqualTo(saved.totalBytes() - d2Bytes);
            Files.write(d2.resolve("f2.bin"), new byte[] {1});
        }
        assertThat(Files.isSymbolicLink(outside)).isFalse();
        assertThat(content(outside)).as("the link's target is untouched").isEqualTo(outsideBefore);
        assertThat(keptCopies()).isEmpty();
    }

    @Test
    @DisplayName("deleting the session removes its kept copy; discard keeps nothing")
    void deleteAndDiscardLeaveNoCopy() {
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 5, 50_000, 14);
        SessionId id = SessionId.of("seed", "gone");
        manager.save(id, tree);
        MountOptions keep = MountOptions.builder().keepLocalCopy(true).build();
        try (MountedSession m = manager.mount(id, keep)) {
            m.discard();
        }
        assertThat(keptCopies()).as("discarded work is not kept").isEmpty();
        manager.mount(id, keep).close();
        assertThat(keptCopies()).hasSize(1);

        assertThat(manager.delete(id)).isTrue();

        assertThat(keptCopies()).as("the live cookies of a deleted session do not stay on the machine").isEmpty();
        try (MountedSession fresh = manager.mount(id, keep)) {
            assertThat(fresh.restored().fileCount()).isZero();
        }
    }

    /** Mounts the session with keepLocalCopy, closes it, and returns the copy it kept. */
    private Path mountAndKeep(SessionId id) {
        manager.mount(id, MountOptions.builder().keepLocalCopy(true).build()).close();
        return keptCopy();
    }

    private Path keptCopy() {
        List<Path> copies = keptCopies();
        assertThat(copies).hasSize(1);
        return copies.get(0);
    }

    private List<Path> keptCopies() {
        Path kept = temp.resolve("work/kept");
        if (!Files.isDirectory(kept)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = Files.list(kept)) {
            return s.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each file's size and hash, without modes and times. */
    private static SortedMap<String, String> content(Path dir) {
        SortedMap<String, String> out = new TreeMap<>();
        ProfileTrees.describe(dir).forEach((k, v) -> out.put(k, v.startsWith("file ") ? v.substring(0, v.indexOf(' ', v.indexOf(' ', 5) + 1)) : v));
        return out;
    }
}
