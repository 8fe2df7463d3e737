package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
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
 * The kit's HeadCas group: The head moves only by compare-and-set, and says why it did not.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface HeadCasGroup {
    /**
     * Checks that a compare-and-set with a stale expected version is refused as {@link
     * io.browserstate.spi.HeadUpdate#VERSION_MOVED} and leaves the head unchanged.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a stale expected version is refused and the head is unchanged")
    default void staleExpectedVersionIsRefused(KitStore kit) {
        Head v1 = kit.head(1, "a");
        assertEquals(HeadUpdate.PUBLISHED, kit.provider().compareAndSetHead(kit.sid("cas"), 0, v1, null, null));
        assertEquals(HeadUpdate.VERSION_MOVED, kit.provider().compareAndSetHead(kit.sid("cas"), 0, kit.head(1, "b"), null, null), "expected 0 but head is at 1");
        assertEquals(HeadUpdate.PUBLISHED, kit.provider().compareAndSetHead(kit.sid("cas"), 1, kit.head(2, "c"), null, null));
        assertEquals(HeadUpdate.VERSION_MOVED, kit.provider().compareAndSetHead(kit.sid("cas"), 1, kit.head(2, "d"), null, null), "expected 1 but head is at 2");
        assertEquals(kit.head(2, "c").manifestId(), kit.provider().readHead(kit.sid("cas")).orElseThrow().manifestId());
    }

    /**
     * Checks that of eight concurrent compare-and-sets from one version exactly one wins, and the others see the
     * version moved.
     *
     * @param kit the store under test
     * @throws Exception when a worker thread or the test's I/O fails
     */
    @Test
    @DisplayName("of eight concurrent compare-and-sets from one version, exactly one wins")
    default void concurrentCasHasOneWinner(KitStore kit) throws Exception {
        int n = 8;
        CyclicBarrier barrier = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<HeadUpdate>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                results.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return kit.provider().compareAndSetHead(kit.sid("race"), 0, kit.head(1, "w" + k), null, null);
                }));
            }
            int winners = 0;
            for (Future<HeadUpdate> f : results) {
                HeadUpdate r = f.get(30, TimeUnit.SECONDS);
                assertTrue(r == HeadUpdate.PUBLISHED || r == HeadUpdate.VERSION_MOVED, "a loser sees the version moved, got " + r);
                winners += r.published() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
    }
}
