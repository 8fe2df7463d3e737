package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
     */
    @Test
    @DisplayName("delete removes head, blobs and listing entry; a second delete reports false")
    default void deleteRemovesEverything(KitStore kit) {
        kit.manager().save(kit.sid("del"), ProfileTrees.writeRandomTree(kit.dir("src"), 4, 10_000, 4));
        assertTrue(kit.manager().delete(kit.sid("del")));
        assertFalse(kit.manager().exists(kit.sid("del")));
        assertTrue(kit.manager().info(kit.sid("del")).isEmpty());
        assertTrue(kit.provider().listBlobs(kit.sid("del")).isEmpty());
        assertTrue(kit.manager().list(kit.user(), null, 10).items().isEmpty());
        assertThrows(SessionNotFoundException.class, () -> kit.manager().restore(kit.sid("del"), kit.dir("r")));
        assertFalse(kit.manager().delete(kit.sid("del")));
    }
}
