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

    /** Each file's size and hash, without modes and times. */
    private static SortedMap<String, String> content(Path dir) {
        SortedMap<String, String> out = new TreeMap<>();
        ProfileTrees.describe(dir).forEach((k, v) -> out.put(k, v.startsWith("file ") ? v.substring(0, v.indexOf(' ', v.indexOf(' ', 5) + 1)) : v));
        return out;
    }
}
