package io.browserstate.core.tree;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A validated tree to restore, built from entries read from a store (a native manifest or a legacy
 * archive) before anything is written: every name checked against {@link TreeNames}, entries below a
 * file or a link refused, every link resolved inside the tree by {@link LinkResolver}, Chromium's lock
 * files dropped, and the size and entry limits checked. A plan that builds can be written into a
 * {@link StagingDirectory} without ever leaving it.
 *
 * @param <T> the format's own entry, carried along for the writer
 * @since 0.2
 */
public final class TreePlan<T> {

    /** What an entry is. */
    public enum Kind {
        /** A regular file. */
        FILE,
        /** A directory. */
        DIRECTORY,
        /** A symbolic link. */
        SYMLINK
    }

    /**
     * One entry as the format read it.
     *
     * @param name relative, {@code /}-separated (a directory's trailing {@code /} already removed)
     * @param kind file, directory or link
     * @param mode permission bits, or -1 when unknown
     * @param mtimeNanos modification time in nanoseconds since the epoch, or {@link Long#MIN_VALUE} when unknown
     * @param size the file's declared size, or -1 when the format declares none
     * @param linkTarget a link's target, else {@code null}
     * @param source the format's own entry ({@code null} for a directory the plan implied)
     * @param <T> the format's entry type
     */
    public record Entry<T>(String name, Kind kind, int mode, long mtimeNanos, long size, @Nullable String linkTarget, @Nullable T source) {
        /**
         * A directory entry with no known mode, time or size, and no source.
         *
         * @param name the directory's relative name
         * @param <T> the format's entry type
         * @return the entry
         */
        public static <T> Entry<T> directory(String name) {
            return new Entry<>(name, Kind.DIRECTORY, -1, Long.MIN_VALUE, -1, null, null);
        }
    }

    /**
     * Bounds on what one restore may expand.
     *
     * @param maxBytes total declared bytes of regular files
     * @param maxEntries files, directories (explicit or implied) and links together
     * @param entriesOption the option that sets {@code maxEntries}, for messages
     */
    public record Limits(long maxBytes, long maxEntries, String entriesOption) {
    }

    private final SessionId id;
    private final TreeMap<String, Entry<T>> directories = new TreeMap<>();
    private final List<Entry<T>> files = new ArrayList<>();
    private final List<Entry<T>> links = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private final Map<String, Entry<T>> byName = new HashMap<>();
    private long fileBytes;

    private TreePlan(SessionId id) {
        this.id = id;
    }

    /**
     * Validates the entries of one stored tree.
     *
     * @param id the session the tree belongs to, named in error messages
     * @param entries the entries as the format read them, in their stored order
     * @param limits the bounds the tree must stay within
     * @param <T> the format's entry type
     * @return the plan
     * @throws CorruptDataException naming the session and the offending entry
     */
    public static <T> TreePlan<T> build(SessionId id, List<Entry<T>> entries, Limits limits) {
        TreePlan<T> plan = new TreePlan<>(id);
        plan.collect(entries, limits);
        plan.checkAncestors(limits);
        plan.checkLinks();
        return plan;
    }

    private void collect(List<Entry<T>> entries, Limits limits) {
        for (Entry<T> entry : entries) {
            if (entry == null || entry.kind() == null) {
                throw corrupt("holds an entry without a name or kind");
            }
            String name = entry.name();
            String problem = TreeNames.problem(name);
            if (problem != null) {
                throw corrupt("entry " + TreeNames.quote(name) + " refused: " + problem);
            }
            if (entry.mode() > 07777) {
                throw corrupt("entry " + TreeNames.quote(name) + " has invalid mode " + entry.mode());
            }
            if (TreeNames.isLockFile(name)) {
                dropped.add(name);
                continue;
            }
            Entry<T> previous = byName.putIfAbsent(name, entry);
            if (previous != null) {
                if (previous.kind() == Kind.DIRECTORY && entry.kind() == Kind.DIRECTORY) {
                    continue;
                }
                throw corrupt("entry " + TreeNames.quote(name) + " occurs twice (" + describe(previous.kind()) + " and "
                        + describe(entry.kind()) + ")");
            }
            switch (entry.kind()) {
                case DIRECTORY -> directories.put(name, entry);
                case FILE -> {
                    files.add(entry);
                    if (entry.size() > 0) {
                        fileBytes += entry.size();
                        if (fileBytes > limits.maxBytes()) {
                            throw corrupt("declares more than " + limits.maxBytes() + " bytes of file content, the limit maxRestoreBytes"
                                    + " (reached at entry " + TreeNames.quote(name) + ")");
                        }
                    }
                }
                case SYMLINK -> links.add(entry);
                default -> throw new IllegalStateException(entry.kind().toString());
            }
            if (byName.size() > limits.maxEntries()) {
                throw tooManyEntries(limits);
            }
        }
    }

    /** Nothing may lie below a file or a link; parents that are not listed become directories. */
    private void checkAncestors(Limits limits) {
        for (Entry<T> entry : new ArrayList<>(byName.values())) {
            String parent = TreeNames.parent(entry.name());
            while (!parent.isEmpty()) {
                Entry<T> ancestor = byName.get(parent);
                if (ancestor == null) {
                    Entry<T> implied = Entry.directory(parent);
                    byName.put(parent, implied);
                    directories.put(parent, implied);
                } else if (ancestor.kind() != Kind.DIRECTORY) {
                    throw corrupt("entry " + TreeNames.quote(entry.name()) + " lies below " + TreeNames.quote(parent)
                            + ", which is a " + describe(ancestor.kind()) + "; writing it would go through that " + describe(ancestor.kind()));
                } else {
                    break;
                }
                parent = TreeNames.parent(parent);
            }
        }
        if (byName.size() > limits.maxEntries()) {
            throw tooManyEntries(limits);
        }
    }

    private void checkLinks() {
        Map<String, String> targets = new LinkedHashMap<>();
        for (Entry<T> link : links) {
            targets.put(link.name(), link.linkTarget());
        }
        LinkResolver resolver = new LinkResolver(targets);
        for (Entry<T> link : links) {
            String problem = resolver.problem(link.name(), link.linkTarget());
            if (problem != null) {
                throw corrupt("symlink " + TreeNames.quote(link.name()) + " -> " + TreeNames.quote(String.valueOf(link.linkTarget()))
                        + " refused: it " + problem);
            }
        }
    }

    private CorruptDataException tooManyEntries(Limits limits) {
        return corrupt("holds " + (byName.size() > limits.maxEntries() + 1 ? "at least " : "") + byName.size()
                + " entries (directories included), more than the limit " + limits.entriesOption() + "=" + limits.maxEntries());
    }

    private CorruptDataException corrupt(String message) {
        return new CorruptDataException(id, message);
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case FILE -> "file";
            case DIRECTORY -> "directory";
            case SYMLINK -> "symlink";
        };
    }

    /**
     * Directories, explicit and implied, parents before children.
     *
     * @return the directory entries, as an unmodifiable list
     */
    public List<Entry<T>> directories() {
        return List.copyOf(directories.values());
    }

    /**
     * Regular files, in the order they were read.
     *
     * @return the file entries, as an unmodifiable list
     */
    public List<Entry<T>> files() {
        return Collections.unmodifiableList(files);
    }

    /**
     * Symbolic links, in the order they were read; write them after every file and directory.
     *
     * @return the link entries, as an unmodifiable list
     */
    public List<Entry<T>> links() {
        return Collections.unmodifiableList(links);
    }

    /**
     * Names of lock files ({@link TreeNames#LOCK_FILE_NAMES}) that were left out.
     *
     * @return the dropped names, in the order they were read, as an unmodifiable list
     */
    public List<String> dropped() {
        return Collections.unmodifiableList(dropped);
    }

    /**
     * Total declared bytes of the files.
     *
     * @return the sum of the files' declared sizes; files without a declared size count as zero
     */
    public long fileBytes() {
        return fileBytes;
    }
}
