package io.browserstate.core.internal;

import io.browserstate.api.SessionId;
import io.browserstate.core.tree.Hashing;
import io.browserstate.core.tree.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profiles this machine kept on close ({@code MountOptions.keepLocalCopy}), one directory per
 * session below {@code <workDirectory>/kept} (0700). A mount claims its session's copy by renaming it
 * to a name of its own, which only one claimant can win, uses it as a movable {@link Seed} and deletes
 * what is left of it; copies claimed by a process that died are removed by the next claim.
 */
final class LocalCopies {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCopies.class);
    private static final String CLAIM = ".claim-";

    private final Path root;

    LocalCopies(Path workDirectory) {
        this.root = workDirectory.toAbsolutePath().normalize().resolve("kept");
    }

    /** The kept copy's directory of a session: a readable prefix and a hash of the exact id. */
    Path of(SessionId id) {
        String exact = id.userId() + "\u0000" + id.sessionId();
        return root.resolve(DefaultBrowserStateManager.safeName(id) + "-" + Hashing.sha256(exact.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
    }

    /**
     * Takes the session's kept copy for this process, or {@code null} when there is none: the caller
     * owns the returned directory and deletes it.
     */
    @Nullable Path claim(SessionId id) {
        Path kept = of(id);
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        removeDeadClaims(kept);
        Path mine = kept.resolveSibling(kept.getFileName() + CLAIM + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            if (!Files.isDirectory(kept, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            Files.move(kept, mine, StandardCopyOption.ATOMIC_MOVE);
            return mine;
        } catch (NoSuchFileException e) {
            return null; // another mount claimed it first
        } catch (IOException e) {
            LOG.warn("Could not take over the kept copy {} of {}; mounting without it: {}", kept, id, e.toString());
            return null;
        }
    }

    /** Deletes the session's kept copy, if any; a failure is logged, since the copy holds live cookies. */
    void drop(SessionId id) {
        Path mine = claim(id);
        if (mine != null) {
            Trees.deleteLogged(mine);
        }
    }

    /**
     * Moves a closed mount's directory to the session's kept copy, replacing an older one; {@code false}
     * (and the directory untouched) when it cannot be moved there in one rename, for instance from
     * another file system.
     */
    boolean keep(SessionId id, Path directory) {
        Path kept = of(id);
        try {
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(root.getParent());
                try {
                    Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made by another process meanwhile
                }
            }
            drop(id);
            Files.move(directory, kept, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("Could not keep {} as the local copy of {} ({}); deleting it instead", directory, id, e.toString());
            return false;
        }
    }

    /** Removes claimed copies of this session whose process (named in the directory) is gone. */
    private void removeDeadClaims(Path kept) {
        try {
            Trees.removeAbandoned(root, kept.getFileName() + CLAIM);
        } catch (IOException e) {
            LOG.debug("Could not look for abandoned kept copies in {}: {}", root, e.toString());
        }
    }
}
