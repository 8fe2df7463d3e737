package io.browserstate.core.tree;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes trees without ever following a link: a link is removed, never what it points at.
 *
 * @since 0.2
 */
public final class Trees {
    private static final Logger LOG = LoggerFactory.getLogger(Trees.class);

    private Trees() {
    }

    /**
     * Deletes {@code root} and everything below it; directories without write permission are made
     * writable first. A missing tree is fine.
     *
     * @param root the tree to delete, or {@code null} for none
     * @throws IOException naming the first path that could not be removed
     */
    public static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } catch (IOException | UnsupportedOperationException ignored) {
                    // deleting below reports what cannot be removed
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * {@link #delete(Path)}; a failure is added to {@code primary} as a suppressed exception.
     *
     * @param root the tree to delete, or {@code null} for none
     * @param primary the exception being reported, which receives any failure
     */
    public static void deleteQuietly(Path root, Throwable primary) {
        try {
            delete(root);
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    /**
     * {@link #delete(Path)}, returning whether the tree is gone; a failure is logged with the path.
     * For cleanup whose failure the caller reports in its own words.
     *
     * @param root the tree to delete, or {@code null} for none
     * @return {@code true} when the tree is gone, {@code false} when some of it could not be removed
     */
    public static boolean deleteLogged(Path root) {
        try {
            delete(root);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not fully delete " + root, e);
            return false;
        }
    }

    /**
     * Deletes the directories in {@code parent} named {@code prefix + pid} or {@code prefix + pid + "-" + anything}
     * whose process is no longer running: what a killed process left of its private, temporary trees.
     *
     * @param parent the directory to look in
     * @param prefix the names' common start, before the owner's process id
     * @throws IOException when {@code parent} cannot be listed
     * @since 0.5
     */
    public static void removeAbandoned(Path parent, String prefix) throws IOException {
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, entry -> entry.getFileName().toString().startsWith(prefix))) {
            for (Path sibling : siblings) {
                String rest = sibling.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                Optional<ProcessHandle> owner;
                try {
                    owner = ProcessHandle.of(Long.parseLong(dash < 0 ? rest : rest.substring(0, dash)));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (owner.isEmpty() && Files.isDirectory(sibling, LinkOption.NOFOLLOW_LINKS)) {
                    deleteLogged(sibling);
                }
            }
        }
    }
}
