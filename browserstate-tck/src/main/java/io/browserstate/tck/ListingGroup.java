package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionPage;
import io.browserstate.spi.HeadUpdate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Listing group: A user's sessions are listed page by page, ordered, each once.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface ListingGroup {
    /**
     * Checks that a user's sessions are listed page by page, ordered, each exactly once.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a kit.user()'s sessions come page by page, ordered, each exactly once")
    default void listingPagesThroughManySessions(KitStore kit) {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            String name = String.format("s%02d", i);
            assertEquals(HeadUpdate.PUBLISHED, kit.provider().compareAndSetHead(kit.sid(name), 0, kit.head(1, name), null, null));
            expected.add(name);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SessionPage<SessionInfo> page = kit.manager().list(kit.user(), cursor, 10);
            page.items().forEach(i -> seen.add(i.id().sessionId()));
            cursor = page.nextCursor();
            pages++;
            assertTrue(pages <= 5, "listing does not terminate");
        } while (cursor != null);
        assertEquals(expected.size(), seen.size(), "no duplicates or losses: " + seen);
        assertEquals(expected, new HashSet<>(seen));
        List<String> sorted = new ArrayList<>(seen);
        sorted.sort(null);
        assertEquals(sorted, seen);
        assertTrue(pages >= 3);
    }
}
