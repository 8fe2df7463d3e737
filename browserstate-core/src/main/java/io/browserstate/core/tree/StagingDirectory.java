package io.browserstate.core.tree;

import io.browserstate.api.BrowserStateException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A private directory (0700) beside a restore's target, written in full and then moved into place in
 * one atomic rename: a restore either produces the whole tree at the target or leaves the target as it
 * was. Closing a staging directory that was not committed deletes it. Staging directories that a killed
 * process left behind beside the same target are removed when the next one is created.
 *
 * @since 0.2
 */
public final class StagingDirectory implements AutoCloseable {
    private static final String MARK = ".restore-";

    private final Path target;
    private final Path path;
    private boolean committed;

    private StagingDirectory(Path target, Path path) {
        this.target = target;
        this.path = path;
    }

    /**
     * Creates a staging directory beside {@code target}, which must be absent or an empty directory
     * (not a link).
     *
     * @param target where the tree goes once committed
     * @return the new, empty staging directory; the caller closes it
     * @throws BrowserStateException naming the target when it is unusable or the directory cannot be made
     */
    public static StagingDirectory beside(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        Path staging = newName(absolute);
        try {
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new StagingDirectory(absolute, staging);
        } catch (IOException | UnsupportedOperationException e) {
            throw new BrowserStateException("Cannot create a staging directory beside " + absolute + ": " + e, e);
        }
    }

    /**
     * Makes an existing private directory the staging directory of {@code target} by renaming it beside
     * the target, so that whatever it holds can be kept in place. The caller owns {@code dir} (no other
     * process writes in it) and removes from it whatever the finished tree must not hold.
     *
     * @param dir a directory this process claimed, on the target's file system
     * @param target where the tree goes once committed: absent or an empty directory
     * @return the staging directory, or {@code null} when {@code dir} cannot be renamed there (another
     *     file system, for one) and is left where it was
     * @throws BrowserStateException naming the target when it is unusable
     * @since 0.5
     */
    public static @Nullable StagingDirectory adopt(Path dir, Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        Path staging = newName(absolute);
        try {
            Files.move(dir, staging, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return null;
        }
        StagingDirectory adopted = new StagingDirectory(absolute, staging);
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            adopted.close();
            return null;
        }
        return adopted;
    }

    /** A new staging directory's name beside {@code absolute} (checked first), abandoned ones removed. */
    private static Path newName(Path absolute) {
        Path parent = absolute.getParent();
        if (parent == null) {
            throw new BrowserStateException("Cannot restore into the file system root");
        }
        checkTarget(absolute);
        String name = absolute.getFileName().toString();
        String prefix = "." + (name.length() > 64 ? name.substring(0, 64) : name) + MARK;
        try {
            Files.createDirectories(parent);
            Trees.removeAbandoned(parent, prefix);
        } catch (IOException | UnsupportedOperationException e) {
            throw new BrowserStateException("Cannot create a staging directory beside " + absolute + ": " + e, e);
        }
        return parent.resolve(prefix + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Refuses a target that is a link, not a directory, or not empty; returns whether it exists.
     *
     * @param target the restore target
     * @return {@code true} when the target is an existing empty directory, {@code false} when it is absent
     * @throws BrowserStateException naming the target
     */
    public static boolean checkTarget(Path target) {
        if (Files.isSymbolicLink(target)) {
            throw new BrowserStateException("Restore target " + target + " is a symbolic link; refusing to restore through it");
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new BrowserStateException("Restore target " + target + " exists and is not a directory");
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(target)) {
            if (children.iterator().hasNext()) {
                throw new BrowserStateException("Restore target " + target + " is not empty; a restore needs an empty or absent directory");
            }
        } catch (IOException e) {
            throw new BrowserStateException("Cannot read restore target " + target + ": " + e, e);
        }
        return true;
    }

    /**
     * The staging directory itself.
     *
     * @return the staging directory's absolute path
     */
    public Path path() {
        return path;
    }

    /**
     * The final place of the tree.
     *
     * @return the target's absolute, normalized path
     */
    public Path target() {
        return target;
    }

    /**
     * A writer rooted at the staging directory.
     *
     * @return a new writer below {@link #path()}
     */
    public TreeWriter writer() {
        return new TreeWriter(path);
    }

    /**
     * Moves the staged tree into place atomically.
     *
     * @throws IOException when the target appeared or filled up meanwhile, or the rename fails
     */
    public void commit() throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.delete(target);
            } catch (DirectoryNotEmptyException e) {
                throw new FileAlreadyExistsException(target.toString(), null, "became non-empty during the restore");
            }
        } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "was replaced by something else during the restore");
        }
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    /** Deletes the staging directory unless it was committed. */
    @Override
    public void close() {
        if (!committed) {
            Trees.deleteLogged(path);
        }
    }
}
