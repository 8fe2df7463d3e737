package io.browserstate.legacy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;

import java.nio.file.Path;
import java.util.Map;

/** The native store of the migration and mirroring tests: the core engine over the filesystem provider, inside a test's temp directory. */
final class NativeStores {

    private NativeStores() {
    }

    /** A store in {@code temp/native}, mounting into {@code temp/mounts}. */
    static BrowserStateManager files(Path temp) {
        return BrowserState.open(temp.resolve("native").toUri(), Map.of("workDirectory", temp.resolve("mounts").toString()));
    }

    /** Where the filesystem provider of {@link #files} keeps the blobs of a user's sessions (its shared space). */
    static Path sharedSpace(Path temp, SessionId id) {
        return temp.resolve("native").resolve("shared").resolve(id.userId());
    }
}
