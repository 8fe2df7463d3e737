package io.browserstate.api;

import org.jspecify.annotations.Nullable;

/**
 * Data read from a store is corrupt or hostile: a chunk whose bytes do not match its id, a manifest
 * that is malformed, names a path outside the target, or claims more than the configured limits.
 * Nothing was written outside the restore target, and a partial restore was removed.
 *
 * @since 0.1
 */
public class CorruptDataException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    /** The session whose data was refused, or {@code null} when not known. */
    private final @Nullable SessionId sessionId;

    /**
     * Creates an exception; the message is prefixed with the session when one is given.
     *
     * @param sessionId the session whose data was refused, or {@code null} when not known
     * @param message what is wrong with the data
     */
    public CorruptDataException(@Nullable SessionId sessionId, String message) {
        super(sessionId == null ? message : "Session " + sessionId + ": " + message);
        this.sessionId = sessionId;
    }

    /**
     * Creates an exception with the failure that revealed the problem; the message is prefixed with the
     * session when one is given.
     *
     * @param sessionId the session whose data was refused, or {@code null} when not known
     * @param message what is wrong with the data
     * @param cause the failure that revealed the problem, e.g. a parse error
     */
    public CorruptDataException(@Nullable SessionId sessionId, String message, Throwable cause) {
        super(sessionId == null ? message : "Session " + sessionId + ": " + message, cause);
        this.sessionId = sessionId;
    }

    /**
     * The session whose data was refused.
     *
     * @return the session, or {@code null} when not known
     */
    public @Nullable SessionId sessionId() {
        return sessionId;
    }
}
