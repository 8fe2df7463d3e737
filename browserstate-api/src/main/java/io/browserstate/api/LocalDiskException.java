package io.browserstate.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A local file operation failed: scanning or reading a profile, writing a restore, removing a mount's
 * directory. Carries the path and keeps the {@link IOException} as its cause.
 *
 * @since 0.2
 */
public class LocalDiskException extends BrowserStateException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public LocalDiskException(String message, Path path, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The file or directory the failed operation was about. */
    public Path path() {
        return path;
    }
}
