package io.browserstate.api;

import java.nio.file.Path;

/**
 * A save did not complete. The previous snapshot is still current and the local profile directory
 * was kept where {@link #keptDirectory()} says; the cause says what went wrong.
 *
 * @since 0.1
 */
public class SaveFailedException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    private final SessionId sessionId;
    private final transient Path keptDirectory;

    public SaveFailedException(SessionId sessionId, Path keptDirectory, Throwable cause) {
        super("Saving session " + sessionId + " failed; the local profile was kept at " + keptDirectory
                + " and the previous snapshot is still current: " + cause.getMessage(), cause);
        this.sessionId = sessionId;
        this.keptDirectory = keptDirectory;
    }

    public SessionId sessionId() {
        return sessionId;
    }

    /** Where the unsaved profile directory is. It is never deleted after a failed save. */
    public Path keptDirectory() {
        return keptDirectory;
    }
}
