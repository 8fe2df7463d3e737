package io.browserstate.api;

import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A local file operation failed: scanning or reading a profile, writing a restore, removing a mount's
 * directory. Carries the path and keeps the {@link IOException} as its cause.
 *
 * @since 0.2
 */
public class LocalDiskException extends BrowserStateException {
    private static final long serialVersionUID = 1L;

    private final transient @Nullable Path path;

    /**
     * Creates an exception for a failed local file operation.
     *
     * @param message what failed
     * @param path the file or directory the failed operation was about
     * @param cause the underlying failure, usually an {@link IOException}
     */
    public LocalDiskException(String message, Path path, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /**
     * The file or directory the failed operation was about.
     *
     * @return the path; {@code null} after the exception was deserialized, as the path is not serialized
     */
    public @Nullable Path path() {
        return path;
    }
}
