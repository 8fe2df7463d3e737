package io.browserstate.examples;

// The README's Quickstart, as it is printed there (the build compiles it and a test runs it).
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.MountedSession;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saves a profile into Redis, restores it elsewhere, saves a change: {@code Quickstart [redis-uri] [directory]}. */
public final class Quickstart {
    public static void main(String[] args) throws IOException {
        String uri = args.length > 0 ? args[0] : "redis://localhost:6379/0";
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("quickstart");
        SessionId id = SessionId.of("alice", "checkout");

        try (BrowserStateManager states = BrowserState.open(uri)) {
            // A worker mounts the session: the newest snapshot (or an empty profile) in a local directory.
            try (MountedSession session = states.mount(id)) {
                Path profile = session.directory();
                // Launch Chromium with --user-data-dir=<profile> here, log in, close it cleanly.
                Files.createDirectories(profile.resolve("Default"));
                Files.writeString(profile.resolve("Default/Preferences"), "{\"logged_in\":true}");
            } // closing the mount saves a new snapshot, releases the lease, deletes the directory

            // Without a browser adapter, any directory can be restored and saved.
            Path copy = work.resolve("alice-profile");
            RestoreResult restored = states.restore(id, copy);          // all or nothing, every chunk verified
            Files.writeString(copy.resolve("Default/Bookmarks"), "{}");
            SaveResult saved = states.save(id, copy, SaveOptions.basedOn(restored)); // a delta; refused if a newer save exists
            System.out.println("restored version " + restored.version() + " (" + restored.fileCount() + " files), saved version "
                    + saved.version() + " sending " + saved.bytesWritten() + " bytes");
        }
    }
}
