package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.MountOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's ReadOnly group: read-only mounts take no lease, never save, can be held by many workers at
 * once while a writer saves, and move to the newest snapshot on {@code refresh()}.
 *
 * @since 0.3
 */
public interface ReadOnlyGroup {
    /** Read-only mounts held at once. */
    int READERS = 10;
    /** Saves the writer makes meanwhile. */
    int SAVES = 20;

    /**
     * Ten read-only mounts of one session held at once while a writer holding the lease saves twenty
     * times, each refreshed again and again meanwhile: every read-only restore is a tree the writer
     * saved, the writer never waits or conflicts, no reader gets a lease conflict, and {@code refresh()}
     * moves each to the last version.
     *
     * @param kit the store under test
     * @throws Exception when a thread or the test's I/O fails
     */
    @Test
    @DisplayName("10 read-only mounts while a writer saves 20 times: every restore verifies, none blocks the writer or conflicts")
    default void readOnlyMountsFanOutWhileAWriterSaves(KitStore kit) throws Exception {
        SessionId id = kit.sid("shared-login");
        kit.manager().save(id, ProfileTrees.writeRandomTree(kit.dir("login"), 8, 20_000, 21));
        Map<Long, SortedMap<String, String>> saved = new ConcurrentHashMap<>();
        saved.put(1L, ProfileTrees.describe(kit.dir("login")));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger restores = new AtomicInteger();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        List<MountedSession> held = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            for (int r = 0; r < READERS; r++) {
                MountedSession ro = kit.manager().mount(id, MountOptions.readOnlyMount());
                held.add(ro);
                assertEquals(saved.get(1L), ProfileTrees.describe(ro.directory()));
                restores.incrementAndGet();
            }
            // all ten stay mounted while the writer saves; each moves to newer versions meanwhile
            List<Future<?>> readers = new ArrayList<>();
            for (MountedSession ro : held) {
                readers.add(pool.submit(() -> {
                    do {
                        long before = ro.restored().version();
                        long v = ro.refresh().version();
                        if (v != before) {
                            restores.incrementAndGet();
                        }
                        if (!ProfileTrees.describe(ro.directory()).equals(awaitSaved(saved, v))) {
                            problems.add("a read-only restore of version " + v + " differs from what was saved");
                        }
                    } while (writing.get());
                    return null;
                }));
            }
            try (MountedSession writer = kit.manager().mount(id)) {
                for (int i = 0; i < SAVES; i++) {
                    ProfileTrees.write(writer.directory().resolve("d1/progress.txt"), ("step " + i).getBytes(StandardCharsets.UTF_8));
                    long v = writer.save().version();
                    saved.put(v, ProfileTrees.describe(writer.directory()));
                }
                writing.set(false);
                for (Future<?> f : readers) {
                    f.get(120, TimeUnit.SECONDS);
                }
                assertEquals(SAVES + 1, writer.lastSave().orElseThrow().version(), "the writer never conflicted");
            }
            // the writer's close saved its unchanged directory once more
            long last = kit.manager().info(id).orElseThrow().version();
            assertEquals(SAVES + 2, last);
            saved.put(last, saved.get((long) SAVES + 1));
            System.out.println("[kit] read-only fan-out on " + kit.provider().describe() + ": " + restores.get() + " read-only restores by "
                    + READERS + " readers during " + SAVES + " saves, " + problems.size() + " problems");
            assertEquals(List.of(), problems);
            assertTrue(restores.get() >= READERS);
            assertEquals(READERS, held.size());
            for (MountedSession ro : held) {
                assertTrue(ro.readOnly());
                assertEquals(last, ro.refresh().version(), "refresh moves a read-only mount to the newest version");
                assertEquals(saved.get(last), ProfileTrees.describe(ro.directory()));
                assertThrows(IllegalStateException.class, ro::save, "a read-only mount never saves");
                Path dir = ro.directory();
                ro.close();
                assertFalse(Files.exists(dir), "closing a read-only mount removes its directory");
            }
            assertEquals(last, kit.manager().info(id).orElseThrow().version(), "closing read-only mounts published nothing");
        } finally {
            pool.shutdownNow();
            held.forEach(MountedSession::discard);
        }
    }

    /**
     * A read-only mount of a session that does not exist is refused, whatever {@code createIfMissing} says;
     * a writable mount's {@code refresh()} is refused too, since its directory may hold unsaved work.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a read-only mount of a missing session is SessionNotFoundException; refresh() of a writable mount is refused")
    default void readOnlyMountNeedsASessionAndRefreshNeedsReadOnly(KitStore kit) {
        assertThrows(SessionNotFoundException.class, () -> kit.manager().mount(kit.sid("missing"),
                MountOptions.builder().readOnly(true).createIfMissing(true).build()));
        try (MountedSession rw = kit.manager().mount(kit.sid("rw"))) {
            assertThrows(IllegalStateException.class, rw::refresh);
            rw.discard();
        }
    }

    private static SortedMap<String, String> awaitSaved(Map<Long, SortedMap<String, String>> saved, long version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!saved.containsKey(version) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        SortedMap<String, String> tree = saved.get(version);
        if (tree == null) {
            throw new AssertionError("a read-only mount restored version " + version + ", which the writer never reported saving");
        }
        return tree;
    }
}
