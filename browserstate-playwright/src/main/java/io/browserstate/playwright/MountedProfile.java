package io.browserstate.playwright;

import io.browserstate.api.MountedSession;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The mount a {@link BrowserSession} runs on, read-only: the session, its profile directory, what was
 * restored into it and the last save. It has no save, on purpose: the profile of a running browser is
 * never snapshotted (Chromium writes cookies to disk only when it shuts down cleanly), so a session is
 * saved only by {@link BrowserSession#close()} or {@link BrowserSession#closeAndSave()}, which close
 * the browser first.
 *
 * @since 0.1
 */
public final class MountedProfile {

    private final MountedSession mounted;

    MountedProfile(MountedSession mounted) {
        this.mounted = Objects.requireNonNull(mounted, "mounted");
    }

    /**
     * The session.
     *
     * @return the session's id
     */
    public SessionId id() {
        return mounted.id();
    }

    /**
     * The profile directory the browser runs on. Read it while the browser runs if you must, but don't
     * write to it. It is removed after a successful save or a discard, and kept after a failed save.
     *
     * @return the profile directory
     */
    public Path directory() {
        return mounted.directory();
    }

    /**
     * What the mount restored; version 0 means the session was new.
     *
     * @return the restore result
     */
    public RestoreResult restored() {
        return mounted.restored();
    }

    /**
     * The save made when the session was closed; empty while the browser runs, after a discard or a failed save.
     *
     * @return the result of the last save, if any
     */
    public Optional<SaveResult> lastSave() {
        return mounted.lastSave();
    }

    @Override
    public String toString() {
        return "MountedProfile[" + id() + " at " + directory() + "]";
    }
}
