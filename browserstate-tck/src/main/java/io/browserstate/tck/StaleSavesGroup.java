package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.SaveOptions;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's StaleSaves group: A save built on a stale base is refused.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface StaleSavesGroup {
    /**
     * Checks that a save based on an older version than the current one is refused and publishes nothing, while a save
     * with no base replaces what is current.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a save based on an older version than the current one is refused and publishes nothing")
    default void saveWhenBaseIsStaleThenConflictAndNothingPublished(KitStore kit) {
        SessionId id = kit.sid("stale");
        Path first = ProfileTrees.writeRandomTree(kit.dir("s1"), 3, 1000, 1);
        assertEquals(1, kit.manager().save(id, first, SaveOptions.mustBeNew()).version());
        var restored = kit.manager().restore(id, kit.dir("copy-a"));
        Path newer = ProfileTrees.writeRandomTree(kit.dir("s2"), 3, 1000, 2);
        assertEquals(2, kit.manager().save(id, newer, SaveOptions.basedOn(1)).version());
        ProfileTrees.write(kit.dir("copy-a").resolve("late.txt"), new byte[] {7});
        SessionConflictException e = assertThrows(SessionConflictException.class,
                () -> kit.manager().save(id, kit.dir("copy-a"), SaveOptions.basedOn(restored)));
        assertTrue(String.valueOf(e.getMessage()).contains("version 2"), e.getMessage());
        assertEquals(2, kit.manager().info(id).orElseThrow().version());
        assertTrue(Files.exists(kit.dir("copy-a").resolve("late.txt")), "the refused save leaves the directory alone");
        assertThrows(SessionConflictException.class, () -> kit.manager().save(id, newer, SaveOptions.mustBeNew()));
        assertEquals(3, kit.manager().save(id, kit.dir("copy-a"), SaveOptions.none()).version(), "a save with no base replaces what is current");
    }
}
