package io.browserstate.api;

/**
 * Data read from a store is corrupt or hostile: a chunk whose bytes do not match its id, a manifest
 * that is malformed, names a path outside the target, or claims more than the configured limits.
 * Nothing was written outside the restore target, and a partial restore was removed.
 *
 * @since 0.1
 */
public class CorruptDataException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    private final SessionId sessionId;

    public CorruptDataException(SessionId sessionId, String message) {
        super(sessionId == null ? message : "Session " + sessionId + ": " + message);
        this.sessionId = sessionId;
    }

    public CorruptDataException(SessionId sessionId, String message, Throwable cause) {
        super(sessionId == null ? message : "Session " + sessionId + ": " + message, cause);
        this.sessionId = sessionId;
    }

    /** The session whose data was refused, or {@code null} when not known. */
    public SessionId sessionId() {
        return sessionId;
    }
}
