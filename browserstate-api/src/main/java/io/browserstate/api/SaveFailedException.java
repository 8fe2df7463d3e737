package io.browserstate.api;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A save did not complete. The previous snapshot is still current and the local profile directory
 * was kept where {@link #keptDirectory()} says; the cause says what went wrong.
 *
 * @since 0.1
 */
public class SaveFailedException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    /** The session whose save failed. */
    private final SessionId sessionId;
    private final transient @Nullable Path keptDirectory;

    /**
     * Creates an exception; the message names the session, the kept directory and the message of
     * {@code cause}.
     *
     * @param sessionId the session whose save failed
     * @param keptDirectory where the unsaved profile directory was kept
     * @param cause the failure that stopped the save; not {@code null}
     */
    public SaveFailedException(SessionId sessionId, Path keptDirectory, Throwable cause) {
        super("Saving session " + sessionId + " failed; the local profile was kept at " + keptDirectory
                + " and the previous snapshot is still current: " + cause.getMessage(), cause);
        this.sessionId = sessionId;
        this.keptDirectory = keptDirectory;
    }

    /**
     * The session whose save failed.
     *
     * @return the session
     */
    public SessionId sessionId() {
        return sessionId;
    }

    /**
     * Where the unsaved profile directory is. It is never deleted after a failed save.
     *
     * @return the kept directory; {@code null} after the exception was deserialized, as the path is not
     *     serialized
     */
    public @Nullable Path keptDirectory() {
        return keptDirectory;
    }
}
