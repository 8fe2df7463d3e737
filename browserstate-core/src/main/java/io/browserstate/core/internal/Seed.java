package io.browserstate.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * An older copy of a profile that a restore reuses. Every file or chunk taken from it is checked
 * against the snapshot's chunk ids first. A read-only seed (one the caller named) is only read: its
 * verified chunks are copied. A movable seed (a copy this machine kept for the session and that this
 * restore claimed for itself) gives up its files: one that verifies whole is renamed into the restored
 * tree instead of being written again, and whatever is left of the seed is deleted afterwards.
 *
 * @param root the seed's absolute, normalized directory
 * @param movable whether verified files may be moved out of it
 */
record Seed(Path root, boolean movable) {

    /** A read-only seed of {@code dir}, or {@code null} when there is none or it is not a directory. */
    static @Nullable Seed readOnly(@Nullable Path dir) {
        return dir == null || !Files.isDirectory(dir) ? null : new Seed(dir.toAbsolutePath().normalize(), false);
    }

    /** A movable seed of a directory this process claimed. */
    static Seed movable(Path dir) {
        return new Seed(dir.toAbsolutePath().normalize(), true);
    }

    /** The seed's file of a tree name, or {@code null} when the name would leave the seed. */
    @Nullable Path file(String name) {
        Path file = root.resolve(name).normalize();
        return file.startsWith(root) && !file.equals(root) ? file : null;
    }
}
