package io.browserstate.legacy.internal;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.SessionId;
import io.browserstate.core.tree.TreeNames;
import io.browserstate.core.tree.TreePlan;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.InvalidPathException;
import java.util.List;

/**
 * Validates a whole value through the tree pipeline first ({@link TreePlan}), then writes it into a
 * sink: directories, files (each verified while it is written, the total bounded), links last,
 * directory permissions at the end.
 */
final class Extraction {

    /** What one extraction wrote. */
    record Stats(long files, long directories, long symlinks, long bytes, List<String> dropped) {
    }

    private Extraction() {
    }

    /** The validated plan of a value's entries. */
    static TreePlan<PlannedEntry> plan(SessionId id, List<PlannedEntry> entries, TreePlan.Limits limits) {
        return TreePlan.build(id, entries.stream().map(PlannedEntry::toTreeEntry).toList(), limits);
    }

    static Stats run(SessionId id, LegacyArchive archive, RestoreSink sink, TreePlan.Limits limits) {
        TreePlan<PlannedEntry> plan = plan(id, archive.entries(), limits);
        String current = null;
        try {
            List<TreePlan.Entry<PlannedEntry>> directories = plan.directories();
            for (TreePlan.Entry<PlannedEntry> dir : directories) {
                current = dir.name();
                sink.directory(dir.name());
            }
            long remaining = limits.maxBytes();
            for (TreePlan.Entry<PlannedEntry> file : plan.files()) {
                current = file.name();
                long written;
                try (OutputStream out = sink.file(file.name())) {
                    written = archive.copyContent(file.source(), out, remaining);
                }
                remaining -= written;
                sink.fileDone(file.name(), file.mode(), file.mtimeNanos());
            }
            for (TreePlan.Entry<PlannedEntry> link : plan.links()) {
                current = link.name();
                sink.symlink(link.name(), link.linkTarget());
            }
            for (int i = directories.size() - 1; i >= 0; i--) {
                TreePlan.Entry<PlannedEntry> dir = directories.get(i);
                current = dir.name();
                sink.directoryDone(dir.name(), dir.mode(), dir.mtimeNanos());
            }
            return new Stats(plan.files().size(), directories.size(), plan.links().size(), limits.maxBytes() - remaining, plan.dropped());
        } catch (InvalidPathException e) {
            throw new BrowserStateException("Session " + id + ": entry " + TreeNames.quote(current)
                    + " cannot be represented as a file name here (file-name encoding " + System.getProperty("sun.jnu.encoding")
                    + "; run the JVM with a UTF-8 locale such as LC_ALL=C.UTF-8): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BrowserStateException("Session " + id + ": could not write entry " + TreeNames.quote(current)
                    + " of the restored profile: " + e, e);
        }
    }
}
