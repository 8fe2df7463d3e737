package io.browserstate.api;

/**
 * The store could not be reached or refused an operation. The cause is always kept. Messages never
 * contain credentials.
 *
 * @since 0.1
 */
public class StorageException extends BrowserStateException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
