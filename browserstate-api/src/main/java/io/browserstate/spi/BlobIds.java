package io.browserstate.spi;

import org.jspecify.annotations.Nullable;

/**
 * Rules for blob ids, which providers may use verbatim in keys and file names.
 *
 * @since 0.1
 */
public final class BlobIds {
    /** Length of a blob id: hex SHA-256. */
    public static final int LENGTH = 64;

    private BlobIds() {
    }

    /**
     * Whether {@code id} is 64 lower-case hex characters.
     *
     * @param id the string to check; may be {@code null}
     * @return {@code true} when {@code id} is a valid blob id
     */
    public static boolean isValid(@Nullable String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Throws {@link IllegalArgumentException} naming the id unless it is valid.
     *
     * @param id the id to check
     * @return {@code id}, unchanged
     * @throws IllegalArgumentException when {@code id} is not 64 lower-case hex characters
     */
    public static String check(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("Not a blob id (64 lower-case hex characters): " + id);
        }
        return id;
    }
}
