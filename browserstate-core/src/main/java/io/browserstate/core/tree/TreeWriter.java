package io.browserstate.core.tree;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Writes a validated {@link TreePlan} below a private root (a {@link StagingDirectory}): names are
 * resolved lexically inside the root, files are opened with {@code NOFOLLOW_LINKS} (created with
 * {@code CREATE_NEW} when written in one go), and links are made only after every file and directory,
 * so no write ever goes through a link. Thread-safe: workers may write chunks of different files, or of
 * one file, at once.
 *
 * @since 0.2
 */
public final class TreeWriter {
    private final Path root;
    private final boolean posix;

    TreeWriter(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.posix = Files.getFileAttributeView(this.root, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    /**
     * The path of a valid relative name below the root.
     *
     * @param name a valid relative name
     * @return the absolute path of {@code name} below the root
     * @throws IOException when the name would resolve to the root itself or outside it
     */
    public Path resolve(String name) throws IOException {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IOException("refusing to write " + TreeNames.quote(name) + " outside " + root);
        }
        return path;
    }

    /**
     * Creates a directory whose parent exists.
     *
     * @param name the directory's relative name
     * @throws IOException when the directory cannot be created, for instance because the name exists already
     */
    public void directory(String name) throws IOException {
        Files.createDirectory(resolve(name));
    }

    /**
     * Creates a new, empty file and opens it for writing in one go.
     *
     * @param name the file's relative name
     * @return a stream writing the file; the caller closes it
     * @throws IOException when the file exists already or cannot be created
     */
    public OutputStream newFile(String name) throws IOException {
        Path path = resolve(name);
        try {
            return Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("file " + TreeNames.quote(name) + " exists already", e);
        }
    }

    /**
     * Opens a file for writing at offsets, creating it if no other writer did yet; never through a link.
     *
     * @param name the file's relative name
     * @return a channel writing the file; the caller closes it
     * @throws IOException when the file cannot be opened or created
     */
    public FileChannel openForChunks(String name) throws IOException {
        return FileChannel.open(resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Forces a written file to disk.
     *
     * @param name the file's relative name
     * @throws IOException when the file cannot be opened or forced
     */
    public void force(String name) throws IOException {
        try (FileChannel ch = FileChannel.open(resolve(name), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ch.force(true);
        }
    }

    /**
     * Creates a link; call only after every file and directory was written.
     *
     * @param name the link's relative name
     * @param target the link's target, stored as given
     * @throws IOException when the link cannot be created
     */
    public void symlink(String name, String target) throws IOException {
        Files.createSymbolicLink(resolve(name), Path.of(target));
    }

    /**
     * Applies permission bits (when {@code mode >= 0} and the file system has them) and a modification
     * time (unless {@link Long#MIN_VALUE}) to a file or directory this writer made.
     *
     * @param name the relative name of the file or directory
     * @param mode permission bits (only the {@code 0777} bits are applied), or a negative value to leave them
     * @param mtimeNanos modification time in nanoseconds since the epoch, or {@link Long#MIN_VALUE} to leave it
     * @throws IOException when the attributes cannot be set
     */
    public void attributes(String name, int mode, long mtimeNanos) throws IOException {
        // no link can stand at a file's or directory's name (names are unique in a plan), so this follows
        // nothing; no extra lstat per file on the restore path
        Path path = resolve(name);
        if (posix && mode >= 0) {
            Files.setPosixFilePermissions(path, Modes.fromBits(mode & 0777));
        }
        if (mtimeNanos != Long.MIN_VALUE) {
            Files.setLastModifiedTime(path, FileTime.from(mtimeNanos, TimeUnit.NANOSECONDS));
        }
    }
}
