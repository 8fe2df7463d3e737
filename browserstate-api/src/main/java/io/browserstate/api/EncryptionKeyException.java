package io.browserstate.api;

import org.jspecify.annotations.Nullable;

/**
 * Data could not be decrypted for want of the right key: the key that wrote it is not configured, or
 * the key configured under its id is a different one. Names the key id that is needed; never key
 * material. Nothing was written to the restore target. A damaged blob is a {@link CorruptDataException}
 * instead.
 *
 * @since 0.4
 */
public class EncryptionKeyException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    /** The session whose data could not be read, or {@code null} when not known. */
    private final @Nullable SessionId sessionId;
    /** The id of the key the data needs. */
    private final String keyId;

    /**
     * Creates an exception; the message is prefixed with the session when one is given.
     *
     * @param sessionId the session whose data could not be read, or {@code null} when not known
     * @param keyId the id of the key the data needs
     * @param message what is wrong and what to do
     */
    public EncryptionKeyException(@Nullable SessionId sessionId, String keyId, String message) {
        super(sessionId == null ? message : "Session " + sessionId + ": " + message);
        this.sessionId = sessionId;
        this.keyId = keyId;
    }

    /**
     * The session whose data could not be read.
     *
     * @return the session, or {@code null} when not known
     */
    public @Nullable SessionId sessionId() {
        return sessionId;
    }

    /**
     * The id of the key the data was encrypted with.
     *
     * @return the key id
     */
    public String keyId() {
        return keyId;
    }
}
