package io.browserstate.api;

/**
 * The store could not be reached or refused an operation. The cause is always kept. Messages never
 * contain credentials.
 *
 * @since 0.1
 */
public class StorageException extends BrowserStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what the store failed to do; must not contain credentials
     */
    public StorageException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the store failure that caused it.
     *
     * @param message what the store failed to do; must not contain credentials
     * @param cause the underlying failure of the store or its client
     */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
