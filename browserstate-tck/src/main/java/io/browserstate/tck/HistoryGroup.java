package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionNotFoundException;
import io.browserstate.api.SessionPage;
import io.browserstate.api.SnapshotDiff;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.core.BrowserState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's History group: kept snapshots are listed, restored, rolled back to and compared; retention
 * by count and by age applies after each save and on an explicit prune.
 *
 * @since 0.3
 */
public interface HistoryGroup {

    /**
     * Saves five versions of a tree and rolls back to version 2: the rollback is version 6, restores
     * version 2's tree exactly, and history lists all six with what each holds.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("five saves, rollback to version 2: version 6 restores version 2's tree exactly; history lists all six")
    default void rollbackPublishesAnOlderSnapshotAsANewVersion(KitStore kit) {
        BrowserStateManager m = BrowserState.create(kit.openProvider(Map.of()), kit.engineOptions().keepSnapshots(10).build());
        kit.closeLater(m);
        SessionId id = kit.sid("rollback");
        Path dir = ProfileTrees.writeRandomTree(kit.dir("tree"), 6, 20_000, 1);
        List<SortedMap<String, String>> trees = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            ProfileTrees.write(dir.resolve("d1/changing.txt"), ("version " + v).getBytes(StandardCharsets.UTF_8));
            ProfileTrees.write(dir.resolve("d2/v" + v + ".bin"), ProfileTrees.random(new java.util.Random(v), 3000 * v));
            assertEquals(v, m.save(id, dir, new io.browserstate.api.SaveOptions(null, Map.of("step", Integer.toString(v)))).version());
            trees.add(ProfileTrees.describe(dir));
        }

        SnapshotInfo rolledBack = m.rollback(id, 2);

        assertEquals(6, rolledBack.version());
        assertEquals(SnapshotInfo.Origin.ROLLBACK, rolledBack.origin());
        assertEquals(2L, rolledBack.originVersion());
        assertEquals("2", rolledBack.attributes().get("step"), "the rolled-back snapshot's attributes come with it");
        assertEquals(6, m.info(id).orElseThrow().version());
        m.restore(id, kit.dir("now"));
        assertEquals(trees.get(1), ProfileTrees.describe(kit.dir("now")), "version 6 is version 2's tree");
        m.restore(id, 4, kit.dir("v4"));
        assertEquals(trees.get(3), ProfileTrees.describe(kit.dir("v4")), "an older kept version restores too");

        List<SnapshotInfo> history = new ArrayList<>();
        String cursor = null;
        do {
            SessionPage<SnapshotInfo> page = m.history(id, cursor, 4);
            history.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(List.of(6L, 5L, 4L, 3L, 2L, 1L), history.stream().map(SnapshotInfo::version).toList());
        assertTrue(history.get(0).current());
        assertFalse(history.get(1).current());
        assertEquals(history.get(4).manifestId(), history.get(0).manifestId(), "a rollback copies no tree: it names the same manifest");
        for (SnapshotInfo s : history.subList(1, 6)) {
            assertEquals(SnapshotInfo.Origin.SAVE, s.origin());
            assertTrue(s.savedBy() != null && !s.savedBy().isEmpty(), "who saved it is recorded");
            assertEquals(Long.toString(s.version()), s.attributes().get("step"));
            assertTrue(s.sizeBytes() > 0 && s.fileCount() >= 6 + s.version(), s.toString());
        }
        assertThrows(SessionNotFoundException.class, () -> m.restore(id, 9, kit.dir("none")));
        assertThrows(SessionNotFoundException.class, () -> m.rollback(id, 0));
    }

    /**
     * Diffs two kept versions: added, removed and changed paths with their sizes.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("diff lists added, removed and changed paths with their sizes, read from the manifests")
    default void diffListsAddedRemovedAndChangedPaths(KitStore kit) {
        SessionId id = kit.sid("diff");
        Path dir = ProfileTrees.writeRandomTree(kit.dir("tree"), 4, 1000, 2);
        ProfileTrees.write(dir.resolve("gone.txt"), "soon gone".getBytes(StandardCharsets.UTF_8));
        ProfileTrees.write(dir.resolve("same.txt"), "unchanged".getBytes(StandardCharsets.UTF_8));
        ProfileTrees.write(dir.resolve("changed.txt"), "before".getBytes(StandardCharsets.UTF_8));
        kit.manager().save(id, dir);
        try {
            java.nio.file.Files.delete(dir.resolve("gone.txt"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ProfileTrees.write(dir.resolve("changed.txt"), "after, longer".getBytes(StandardCharsets.UTF_8));
        ProfileTrees.write(dir.resolve("new/added.bin"), new byte[777]);
        kit.manager().save(id, dir);

        SnapshotDiff diff = kit.manager().diff(id, 1, 2);

        assertEquals(List.of(new SnapshotDiff.Change("new", SnapshotDiff.Kind.ADDED, 0, 0),
                new SnapshotDiff.Change("new/added.bin", SnapshotDiff.Kind.ADDED, 0, 777)), diff.of(SnapshotDiff.Kind.ADDED));
        assertEquals(List.of(new SnapshotDiff.Change("gone.txt", SnapshotDiff.Kind.REMOVED, 9, 0)), diff.of(SnapshotDiff.Kind.REMOVED));
        assertEquals(List.of(new SnapshotDiff.Change("changed.txt", SnapshotDiff.Kind.CHANGED, 6, 13)), diff.of(SnapshotDiff.Kind.CHANGED));
        assertEquals(List.of(), kit.manager().diff(id, 2, 2).changes());
    }

    /**
     * Retention by age: snapshots older than {@code keepFor} are dropped by the next save, and by an
     * explicit prune, however many {@code keepSnapshots} would keep; the current one always stays.
     *
     * @param kit the store under test
     * @throws InterruptedException when interrupted while letting snapshots age
     */
    @Test
    @DisplayName("keepFor drops older snapshots on the next save and on prune; the current one always stays")
    default void retentionByAgeAppliesOnSaveAndOnPrune(KitStore kit) throws InterruptedException {
        Duration keepFor = Duration.ofMillis(1500);
        BrowserStateManager m = BrowserState.create(kit.openProvider(Map.of()),
                kit.engineOptions().keepSnapshots(10).keepFor(keepFor).build());
        kit.closeLater(m);
        SessionId id = kit.sid("aged");
        Path dir = ProfileTrees.writeRandomTree(kit.dir("tree"), 3, 1000, 3);
        m.save(id, dir);
        m.save(id, dir);
        assertEquals(2, m.history(id, null, 100).items().size());
        awaitOlderThan(m, id, 2, keepFor);
        m.save(id, dir);
        assertEquals(List.of(3L), m.history(id, null, 100).items().stream().map(SnapshotInfo::version).toList(),
                "the two older snapshots had aged out");
        m.save(id, dir);
        awaitOlderThan(m, id, 3, keepFor);
        assertEquals(2, m.history(id, null, 100).items().size(), "nothing is dropped without a save or a prune");
        m.prune(id);
        SessionPage<SnapshotInfo> left = m.history(id, null, 100);
        assertEquals(List.of(4L), left.items().stream().map(SnapshotInfo::version).toList());
        assertNull(left.nextCursor());
        assertEquals(4, m.info(id).orElseThrow().version(), "a prune publishes no new version");
    }

    /** Waits, polling the clock the engine stamps snapshots with, until kept version {@code version} is older than {@code age}. */
    private static void awaitOlderThan(BrowserStateManager m, SessionId id, long version, Duration age) throws InterruptedException {
        java.time.Instant savedAt = m.history(id, null, 100).items().stream().filter(s -> s.version() == version).findFirst()
                .orElseThrow().savedAt();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!java.time.Instant.now().isAfter(savedAt.plus(age))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("version " + version + " did not age past " + age + " within 30 s");
            }
            Thread.sleep(5);
        }
    }
}
