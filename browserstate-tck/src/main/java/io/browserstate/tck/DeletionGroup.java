package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.MountedSession;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionNotFoundException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Deletion group: Deleting a session removes every piece of it.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface DeletionGroup {
    /**
     * Checks that deleting a session removes its head, blobs and listing entry, that a restore then fails, and that a
     * second delete reports {@code false}.
     *
     * @param kit the store under test
     * @throws InterruptedException when interrupted while waiting out the grace period
     */
    @Test
    @DisplayName("delete removes head and listing entry, its blobs go with the first collection after the grace period; a second"
            + " delete reports false")
    default void deleteRemovesEverything(KitStore kit) throws InterruptedException {
        kit.manager().save(kit.sid("del"), ProfileTrees.writeRandomTree(kit.dir("src"), 4, 10_000, 4));
        assertTrue(kit.manager().delete(kit.sid("del")));
        assertFalse(kit.manager().exists(kit.sid("del")));
        assertTrue(kit.manager().info(kit.sid("del")).isEmpty());
        assertTrue(kit.manager().list(kit.user(), null, 10).items().isEmpty());
        kit.waitOutGrace();
        assertTrue(kit.manager().collectGarbage(kit.user()).blobsDeleted() > 0);
        assertTrue(kit.provider().listBlobs(kit.space()).isEmpty(), "nothing else in the user's space references them");
        assertThrows(SessionNotFoundException.class, () -> kit.manager().restore(kit.sid("del"), kit.dir("r")));
        assertFalse(kit.manager().delete(kit.sid("del")));
    }

    /**
     * Checks that a session mounted by one worker is not deleted by another: the delete is refused with
     * a conflict and the session stays whole.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a session mounted by one worker is not deleted by another: conflict, and the session stays")
    default void deleteOfAMountedSessionIsRefused(KitStore kit) {
        if (!kit.provider().capabilities().leases()) {
            return;
        }
        kit.manager().save(kit.sid("busy-del"), ProfileTrees.writeRandomTree(kit.dir("src"), 3, 1000, 5));
        try (MountedSession mounted = kit.manager().mount(kit.sid("busy-del"))) {
            assertThrows(SessionConflictException.class, () -> kit.secondManager().delete(kit.sid("busy-del")));
            assertTrue(kit.manager().exists(kit.sid("busy-del")));
            mounted.discard();
        }
        kit.manager().restore(kit.sid("busy-del"), kit.dir("after"));
        assertEquals(ProfileTrees.describe(kit.dir("src")), ProfileTrees.describe(kit.dir("after")));
    }
}
