package io.browserstate.legacy.internal;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.SessionId;
import io.browserstate.legacy.LegacyFormat;

import io.browserstate.core.tree.StagingDirectory;
import io.browserstate.core.tree.TreePlan;

import java.io.IOException;
import java.nio.file.Path;
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

    private final TreePlan.Limits limits;

    public LegacyRestorer(long maxBytes, long maxEntries) {
        this.limits = new TreePlan.Limits(maxBytes, maxEntries, "maxRestoreEntries");
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
     * Restores the value into {@code target}, which must not exist or be an empty directory, through the
     * tree pipeline's staging directory. On any failure nothing is left behind and {@code target} is as
     * it was.
     *
     * @throws io.browserstate.api.CorruptDataException when the value is corrupt or hostile
     * @throws BrowserStateException when the target is unusable or the local disk fails
     */
    public Outcome restore(SessionId id, byte[] value, Path target) {
        StagingDirectory staging;
        try {
            staging = StagingDirectory.beside(target);
        } catch (BrowserStateException e) {
            throw new BrowserStateException("Session " + id + ": " + e.getMessage(), e);
        }
        try (staging; LegacyArchive archive = LegacyValues.open(id, value)) {
            Outcome outcome = outcome(archive, Extraction.run(id, archive, new DirectorySink(staging.writer()), limits));
            try {
                staging.commit();
            } catch (IOException e) {
                throw new BrowserStateException("Session " + id + ": cannot move the restored profile into " + staging.target() + ": " + e, e);
            }
            return outcome;
        }
    }

    private static Outcome outcome(LegacyArchive archive, Extraction.Stats stats) {
        String updatedAt = archive instanceof SeedJsonArchive seed ? seed.updatedAt() : null;
        return new Outcome(archive.format(), stats.files(), stats.directories(), stats.symlinks(), stats.bytes(), stats.dropped(), updatedAt);
    }
}
