package io.browserstate.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.memory.MemoryStorageProvider;
import io.browserstate.spi.SessionHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk over a user's sessions that collection, usage, migration and rekey share. */
class UserSessionsTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("every session of the user once, across pages, and none of another user")
    void everySessionAcrossPages() throws IOException {
        String store = "sessions-" + UUID.randomUUID();
        MemoryStorageProvider provider = MemoryStorageProvider.open(store);
        Path tree = Files.createDirectories(temp.resolve("tree"));
        Files.writeString(tree.resolve("Preferences"), "{}");
        List<String> expected = new ArrayList<>();
        try (BrowserStateManager manager = BrowserState.create(provider, BrowserStateOptions.builder().workDirectory(temp.resolve("work")).build())) {
            for (int i = 0; i < 7; i++) {
                manager.save(SessionId.of("walker", "s" + i), tree);
                expected.add("walker/s" + i);
            }
            manager.save(SessionId.of("other", "s0"), tree);
            List<String> seen = new ArrayList<>();
            for (SessionHead sh : UserSessions.of(provider, "walker", 3)) {
                seen.add(sh.id().toString());
            }
            seen.sort(null);
            assertEquals(expected, seen);
            assertEquals(List.of(), toList(UserSessions.of(provider, "nobody", 3)));
        } finally {
            MemoryStorageProvider.clear(store);
        }
    }

    private static List<SessionHead> toList(Iterable<SessionHead> sessions) {
        List<SessionHead> out = new ArrayList<>();
        sessions.forEach(out::add);
        return out;
    }
}
