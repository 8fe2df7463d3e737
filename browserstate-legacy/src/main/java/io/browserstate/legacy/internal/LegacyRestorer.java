package io.browserstate.legacy.internal;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.SessionId;
import io.browserstate.legacy.LegacyFormat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Restores legacy values safely: into a private staging directory beside the target, moved into place
 * only when every entry was validated and written (FORMAT.md section 6).
 */
public final class LegacyRestorer {

    /**
     * What one restore (or verification) found.
     *
     * @param format the value's format
     * @param files regular files
     * @param directories directories, implied ones included
     * @param symlinks symbolic links
     * @param bytes bytes of file content
     * @param dropped {@code Singleton*} entries left out
     * @param updatedAt the seed document's {@code updatedAt}, when the value is seed-json-v1
     */
    public record Outcome(LegacyFormat format, long files, long directories, long symlinks, long bytes, List<String> dropped,
            String updatedAt) {
    }

    private final RestoreLimits limits;

    public LegacyRestorer(long maxBytes, long maxEntries) {
        this.limits = new RestoreLimits(maxBytes, maxEntries);
    }

    /**
     * Reads and verifies every entry of the value without writing anything.
     *
     * @throws io.browserstate.api.CorruptDataException when the value is corrupt or hostile
     */
    public Outcome verify(SessionId id, byte[] value) {
        try (LegacyArchive archive = LegacyValues.open(id, value)) {
            return outcome(archive, Extraction.run(id, archive, RestoreSink.discarding(), limits));
        }
    }

    /**
     * Restores the value into {@code target}, which must not exist or be an empty directory. On any
     * failure nothing is left behind and {@code target} is as it was.
     *
     * @throws io.browserstate.api.CorruptDataException when the value is corrupt or hostile
     * @throws BrowserStateException when the target is unusable or the local disk fails
     */
    public Outcome restore(SessionId id, byte[] value, Path target) {
        Path destination = target.toAbsolutePath().normalize();
        boolean exists = checkTarget(id, destination);
        Path parent = destination.getParent();
        Path staging;
        try {
            Files.createDirectories(parent);
            String name = destination.getFileName().toString();
            staging = Files.createTempDirectory(parent, "." + (name.length() > 64 ? name.substring(0, 64) : name) + ".restoring-");
        } catch (IOException | InvalidPathException e) {
            throw new BrowserStateException("Session " + id + ": cannot create a staging directory beside " + destination + ": " + e, e);
        }
        try {
            Outcome outcome;
            try (LegacyArchive archive = LegacyValues.open(id, value)) {
                outcome = outcome(archive, Extraction.run(id, archive, new DirectorySink(staging), limits));
            }
            try {
                if (exists) {
                    Files.delete(destination);
                }
                Files.move(staging, destination, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new BrowserStateException("Session " + id + ": cannot move the restored profile into " + destination + ": " + e, e);
            }
            return outcome;
        } catch (RuntimeException | Error e) {
            Trees.deleteQuietly(staging, e);
            throw e;
        }
    }

    private static boolean checkTarget(SessionId id, Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new BrowserStateException("Session " + id + ": restore target " + target + " exists and is not a directory");
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(target)) {
            if (children.iterator().hasNext()) {
                throw new BrowserStateException("Session " + id + ": restore target " + target + " is not empty");
            }
        } catch (IOException e) {
            throw new BrowserStateException("Session " + id + ": cannot read restore target " + target + ": " + e, e);
        }
        return true;
    }

    private static Outcome outcome(LegacyArchive archive, Extraction.Stats stats) {
        String updatedAt = archive instanceof SeedJsonArchive seed ? seed.updatedAt() : null;
        return new Outcome(archive.format(), stats.files(), stats.directories(), stats.symlinks(), stats.bytes(), stats.dropped(), updatedAt);
    }
}
