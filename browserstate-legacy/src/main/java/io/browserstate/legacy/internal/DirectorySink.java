package io.browserstate.legacy.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a plan below a fresh, empty root directory. Never follows a link: files are created with
 * {@code CREATE_NEW} and {@code NOFOLLOW_LINKS}, every parent is checked to be a real directory inside
 * the root, and links are created only after every file.
 */
final class DirectorySink implements RestoreSink {

    private final Path root;
    private final boolean posix;

    DirectorySink(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.posix = Files.getFileAttributeView(this.root, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    private Path resolve(String name) throws IOException {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IOException("refusing to write " + name + " outside " + root);
        }
        Path parent = path.getParent();
        if (!parent.equals(root) && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("parent of " + name + " is not a directory");
        }
        return path;
    }

    @Override
    public void directory(String name) throws IOException {
        Files.createDirectory(resolve(name));
    }

    @Override
    public OutputStream file(String name) throws IOException {
        Path path = resolve(name);
        try {
            return Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("file " + name + " exists already", e);
        }
    }

    @Override
    public void fileDone(String name, int permissions, long mtimeMillis) throws IOException {
        Path path = resolve(name);
        if (posix && permissions >= 0) {
            Files.setPosixFilePermissions(path, permissions((permissions & 0777) | 0600));
        }
        if (mtimeMillis >= 0) {
            Files.setLastModifiedTime(path, FileTime.fromMillis(mtimeMillis));
        }
    }

    @Override
    public void symlink(String name, String target) throws IOException {
        Files.createSymbolicLink(resolve(name), Path.of(target));
    }

    @Override
    public void directoryDone(String name, int permissions, long mtimeMillis) throws IOException {
        Path path = resolve(name);
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(name + " is no longer a directory");
        }
        if (posix && permissions >= 0) {
            Files.setPosixFilePermissions(path, permissions((permissions & 0777) | 0700));
        }
        if (mtimeMillis >= 0) {
            Files.setLastModifiedTime(path, FileTime.fromMillis(mtimeMillis));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder(9);
        String rwx = "rwx";
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (mode >> shift) & 7;
            for (int i = 0; i < 3; i++) {
                s.append((bits & (4 >> i)) != 0 ? rwx.charAt(i) : '-');
            }
        }
        return PosixFilePermissions.fromString(s.toString());
    }
}
