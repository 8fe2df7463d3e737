package io.browserstate.legacy.internal;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.SessionId;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.InvalidPathException;
import java.util.List;

/**
 * Validates a whole value first, then writes it into a sink: directories, files (each verified while
 * it is written, the total bounded), links last, directory permissions at the end.
 */
final class Extraction {

    /** What one extraction wrote. */
    record Stats(long files, long directories, long symlinks, long bytes, List<String> dropped) {
    }

    private Extraction() {
    }

    static Stats run(SessionId id, LegacyArchive archive, RestoreSink sink, RestoreLimits limits) {
        RestorePlan plan = RestorePlan.build(id, archive.entries(), limits);
        String current = null;
        try {
            List<PlannedEntry> directories = plan.directories();
            for (PlannedEntry dir : directories) {
                current = dir.name();
                sink.directory(dir.name());
            }
            long remaining = limits.maxBytes();
            for (PlannedEntry file : plan.files()) {
                current = file.name();
                long written;
                try (OutputStream out = sink.file(file.name())) {
                    written = archive.copyContent(file, out, remaining);
                }
                remaining -= written;
                sink.fileDone(file.name(), file.permissions(), file.mtimeMillis());
            }
            for (PlannedEntry link : plan.links()) {
                current = link.name();
                sink.symlink(link.name(), link.linkTarget());
            }
            for (int i = directories.size() - 1; i >= 0; i--) {
                PlannedEntry dir = directories.get(i);
                current = dir.name();
                sink.directoryDone(dir.name(), dir.permissions(), dir.mtimeMillis());
            }
            return new Stats(plan.files().size(), directories.size(), plan.links().size(), limits.maxBytes() - remaining, plan.dropped());
        } catch (InvalidPathException e) {
            throw new BrowserStateException("Session " + id + ": entry " + EntryNames.quote(String.valueOf(current))
                    + " cannot be represented as a file name here (file-name encoding " + System.getProperty("sun.jnu.encoding")
                    + "; run the JVM with a UTF-8 locale such as LC_ALL=C.UTF-8): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BrowserStateException("Session " + id + ": could not write entry " + EntryNames.quote(String.valueOf(current))
                    + " of the restored profile: " + e, e);
        }
    }
}
