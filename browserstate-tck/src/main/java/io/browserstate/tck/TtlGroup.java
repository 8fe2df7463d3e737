package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.core.BrowserState;
import io.browserstate.spi.StorageProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Ttl group: A TTL expires a whole session, or the provider refuses the option.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface TtlGroup {
    /**
     * Checks that a session saved with {@code ttl=2s} expires entirely while one saved without a TTL persists, or that
     * the provider refuses the {@code ttl} option when it cannot expire sessions.
     *
     * @param kit the store under test
     * @throws InterruptedException when interrupted while waiting
     * @throws java.io.IOException when writing the test's trees fails
     */
    @Test
    @DisplayName("a session saved with ttl=2s expires entirely, or the kit.provider() refuses the ttl option when it cannot expire")
    default void ttlIsHonouredOrRefused(KitStore kit) throws InterruptedException, java.io.IOException {
        if (!kit.provider().capabilities().ttl()) {
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> kit.openProvider(Map.of("ttl", "2s")));
            assertTrue(String.valueOf(e.getMessage()).contains("ttl"), e.getMessage());
            return;
        }
        StorageProvider expiring = kit.openProvider(Map.of("ttl", "2s"));
        BrowserStateManager m = BrowserState.create(expiring, kit.engineOptions().build());
        kit.closeLater(m);
        m.save(kit.sid("ttl"), ProfileTrees.writeRandomTree(kit.dir("src"), 3, 5000, 6));
        assertTrue(m.exists(kit.sid("ttl")));
        // a session saved without a TTL shares part of the tree: what it uses must outlive the expiring session
        Path shared = ProfileTrees.writeRandomTree(kit.dir("other"), 2, 5000, 7);
        KitStore.copyTree(kit.dir("src").resolve("d0"), shared.resolve("from-ttl"));
        kit.manager().save(kit.sid("no-ttl"), shared);
        Set<String> kept = kit.provider().listBlobs(kit.space()).keySet();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (m.exists(kit.sid("ttl"))
                || expiring.getBlobs(kit.space(), List.copyOf(kept)).stream().filter(java.util.Objects::nonNull).count() >= kept.size()) {
            if (System.nanoTime() > deadline) {
                fail("session with ttl=2s, or the blobs only it used, still present after 15 s");
            }
            Thread.sleep(200);
        }
        assertTrue(kit.manager().exists(kit.sid("no-ttl")), "a session saved without ttl persists");
        kit.manager().restore(kit.sid("no-ttl"), kit.dir("no-ttl-restored"));
        assertEquals(ProfileTrees.describe(shared), ProfileTrees.describe(kit.dir("no-ttl-restored")),
                "what the session without ttl shares with the expired one is still there");
    }
}
