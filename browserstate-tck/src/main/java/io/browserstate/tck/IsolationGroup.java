package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Isolation group: Sessions and users never see each other's data.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface IsolationGroup {
    /**
     * Checks that two users with the same session id see, list and delete only their own data.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("two users with the same session id see only their own data")
    default void usersAreIsolated(KitStore kit) {
        SessionId a = kit.sid("shared-name");
        SessionId b = SessionId.of(kit.user() + "-other", "shared-name");
        kit.manager().save(a, ProfileTrees.writeRandomTree(kit.dir("a"), 3, 1000, 1));
        kit.manager().save(b, ProfileTrees.writeRandomTree(kit.dir("b"), 3, 1000, 2));
        kit.manager().restore(a, kit.dir("ra"));
        kit.manager().restore(b, kit.dir("rb"));
        assertEquals(ProfileTrees.describe(kit.dir("a")), ProfileTrees.describe(kit.dir("ra")));
        assertEquals(ProfileTrees.describe(kit.dir("b")), ProfileTrees.describe(kit.dir("rb")));
        assertEquals(List.of(a), kit.manager().list(kit.user(), null, 100).items().stream().map(SessionInfo::id).toList());
        assertTrue(kit.manager().delete(a));
        assertTrue(kit.manager().exists(b));
        kit.manager().restore(b, kit.dir("rb2"));
        assertEquals(ProfileTrees.describe(kit.dir("b")), ProfileTrees.describe(kit.dir("rb2")));
    }
}
