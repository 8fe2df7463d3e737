package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Concurrency group: Concurrent writers of different sessions all succeed; of one session, exactly one wins.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface ConcurrencyGroup {
    /**
     * Checks that eight threads saving eight different sessions at once all publish version 1, and each session
     * restores its own tree.
     *
     * @param kit the store under test
     * @throws Exception when a worker thread or the test's I/O fails
     */
    @Test
    @DisplayName("eight threads saving eight different sessions all succeed")
    default void parallelSavesOfDifferentSessionsSucceed(KitStore kit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SaveResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Path src = ProfileTrees.writeRandomTree(kit.dir("src" + i), 5, 20_000, i);
                SessionId id = kit.sid("par" + i);
                results.add(pool.submit(() -> kit.manager().save(id, src)));
            }
            for (Future<SaveResult> f : results) {
                assertEquals(1, f.get(120, TimeUnit.SECONDS).version());
            }
            for (int i = 0; i < 8; i++) {
                kit.manager().restore(kit.sid("par" + i), kit.dir("r" + i));
                assertEquals(ProfileTrees.describe(kit.dir("src" + i)), ProfileTrees.describe(kit.dir("r" + i)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Checks that of two workers mounting the same session at once, exactly one gets the mount and the other a {@link
     * io.browserstate.api.SessionConflictException} naming the session.
     *
     * @param kit the store under test
     * @throws Exception when a worker thread or the test's I/O fails
     */
    @Test
    @DisplayName("two workers mounting the same session at once: exactly one wins, the other gets a conflict")
    default void twoWorkersSameSessionOneWins(KitStore kit) throws Exception {
        BrowserStateManager other = kit.secondManager();
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<MountedSession>> results = new ArrayList<>();
            for (BrowserStateManager m : List.of(kit.manager(), other)) {
                results.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return m.mount(kit.sid("contended"));
                }));
            }
            List<MountedSession> winners = new ArrayList<>();
            int conflicts = 0;
            for (Future<MountedSession> f : results) {
                try {
                    winners.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof SessionConflictException, "expected a conflict, got " + e.getCause());
                    assertTrue(String.valueOf(e.getCause()).contains(kit.sid("contended").toString()));
                    conflicts++;
                }
            }
            assertEquals(1, winners.size());
            assertEquals(1, conflicts);
            ProfileTrees.write(winners.get(0).directory().resolve("x"), new byte[] {1});
            winners.get(0).close();
            assertEquals(1, kit.manager().info(kit.sid("contended")).orElseThrow().version());
        } finally {
            pool.shutdownNow();
        }
    }
}
