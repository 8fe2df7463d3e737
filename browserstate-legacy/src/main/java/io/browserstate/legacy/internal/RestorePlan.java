package io.browserstate.legacy.internal;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.legacy.internal.PlannedEntry.Kind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated content of a legacy value: every name checked, entries below files or links refused,
 * every link target resolved inside the restore root, and the limits checked, before anything is
 * written (FORMAT.md section 6).
 */
final class RestorePlan {

    private static final int MAX_LINK_DEPTH = 40;

    private final SessionId id;
    /** Directories, explicit and implied, by name; sorted so that a parent precedes its children. */
    private final TreeMap<String, PlannedEntry> directories = new TreeMap<>();
    private final List<PlannedEntry> files = new ArrayList<>();
    private final List<PlannedEntry> links = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private final Map<String, PlannedEntry> byName = new HashMap<>();

    private RestorePlan(SessionId id) {
        this.id = id;
    }

    /**
     * Validates the raw entries of one value.
     *
     * @throws CorruptDataException naming the session and the offending entry
     */
    static RestorePlan build(SessionId id, List<PlannedEntry> raw, RestoreLimits limits) {
        RestorePlan plan = new RestorePlan(id);
        plan.collect(raw);
        plan.checkLinks();
        plan.checkAncestors();
        plan.checkLimits(limits);
        return plan;
    }

    private void collect(List<PlannedEntry> raw) {
        for (PlannedEntry entry : raw) {
            String name = entry.name();
            if (entry.kind() == Kind.DIRECTORY && name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            String problem = EntryNames.problem(name);
            if (problem != null) {
                throw corrupt("entry " + EntryNames.quote(entry.name()) + " refused: " + problem);
            }
            if (EntryNames.isSingleton(name)) {
                dropped.add(name);
                continue;
            }
            PlannedEntry named = entry.withName(name);
            PlannedEntry previous = byName.putIfAbsent(name, named);
            if (previous != null) {
                if (previous.kind() == Kind.DIRECTORY && named.kind() == Kind.DIRECTORY) {
                    continue;
                }
                throw corrupt("entry " + EntryNames.quote(name) + " occurs twice (" + describe(previous.kind()) + " and "
                        + describe(named.kind()) + ")");
            }
            switch (named.kind()) {
                case DIRECTORY -> directories.put(name, named);
                case FILE -> files.add(named);
                case SYMLINK -> links.add(named);
                default -> throw new IllegalStateException(named.kind().toString());
            }
        }
    }

    /** Rule 3: nothing may be written below a file or a link; implied parents become directories. */
    private void checkAncestors() {
        List<PlannedEntry> all = new ArrayList<>(byName.values());
        for (PlannedEntry entry : all) {
            String parent = EntryNames.parent(entry.name());
            while (!parent.isEmpty()) {
                PlannedEntry ancestor = byName.get(parent);
                if (ancestor == null) {
                    PlannedEntry implied = new PlannedEntry(parent, Kind.DIRECTORY, -1, -1, -1, null, -1);
                    byName.put(parent, implied);
                    directories.put(parent, implied);
                } else if (ancestor.kind() != Kind.DIRECTORY) {
                    throw corrupt("entry " + EntryNames.quote(entry.name()) + " lies below " + EntryNames.quote(parent)
                            + ", which is a " + describe(ancestor.kind()) + "; writing it would go through that "
                            + describe(ancestor.kind()));
                }
                parent = EntryNames.parent(parent);
            }
        }
    }

    /** Rule 2: a link's target must be relative and resolve inside the root, other links followed. */
    private void checkLinks() {
        Map<String, String> targets = new HashMap<>();
        for (PlannedEntry link : links) {
            targets.put(link.name(), link.linkTarget());
        }
        Budget budget = new Budget();
        for (PlannedEntry link : links) {
            String target = link.linkTarget();
            String problem = null;
            if (target == null || target.isEmpty()) {
                problem = "has an empty target";
            } else if (target.indexOf('\0') >= 0) {
                problem = "has a target containing NUL";
            } else if (target.startsWith("/")) {
                problem = "has an absolute target";
            } else if (target.indexOf('\\') >= 0) {
                problem = "has a target containing a backslash";
            } else if (target.length() >= 2 && target.charAt(1) == ':' && Character.isLetter(target.charAt(0))) {
                problem = "has a target with a drive prefix";
            }
            if (problem == null) {
                List<String> start = new ArrayList<>(EntryNames.segments(link.name()));
                start.remove(start.size() - 1);
                try {
                    resolve(start, target, targets, 0, budget);
                } catch (Escape e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                throw corrupt("symlink " + EntryNames.quote(link.name()) + " -> " + EntryNames.quote(String.valueOf(target))
                        + " refused: it " + problem);
            }
        }
    }

    /** Why a link target was refused; thrown out of the recursive walk. */
    private static final class Escape extends Exception {
        private static final long serialVersionUID = 1L;

        Escape(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Bounds the total work of link resolution, whatever the value holds. */
    private static final class Budget {
        private long steps = 5_000_000;

        void spend() throws Escape {
            if (--steps < 0) {
                throw new Escape("needs too many steps to resolve (symlink chains too deep)");
            }
        }
    }

    /**
     * Walks {@code target} from the directory {@code position}, expanding links of this value as the
     * kernel would, and returns the position reached.
     *
     * @throws Escape when the walk leaves the root or loops
     */
    private static List<String> resolve(List<String> position, String target, Map<String, String> links, int depth, Budget budget)
            throws Escape {
        if (depth > MAX_LINK_DEPTH) {
            throw new Escape("forms a cycle of symlinks (or a chain deeper than " + MAX_LINK_DEPTH + ")");
        }
        List<String> pos = new ArrayList<>(position);
        for (String segment : target.split("/", -1)) {
            budget.spend();
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (pos.isEmpty()) {
                    throw new Escape("leaves the restore directory");
                }
                pos.remove(pos.size() - 1);
                continue;
            }
            pos.add(segment);
            String through = links.get(String.join("/", pos));
            if (through != null) {
                pos = resolve(new ArrayList<>(pos.subList(0, pos.size() - 1)), through, links, depth + 1, budget);
            }
        }
        return pos;
    }

    private void checkLimits(RestoreLimits limits) {
        long entries = byName.size();
        if (entries > limits.maxEntries()) {
            throw corrupt("holds " + entries + " entries (directories included), more than the limit of " + limits.maxEntries());
        }
        long declared = 0;
        for (PlannedEntry file : files) {
            if (file.declaredSize() > 0) {
                declared += file.declaredSize();
                if (declared > limits.maxBytes()) {
                    throw corrupt("declares more than " + limits.maxBytes() + " bytes of file content (limit reached at entry "
                            + EntryNames.quote(file.name()) + ")");
                }
            }
        }
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

    /** Directories, explicit and implied, parents first. */
    List<PlannedEntry> directories() {
        return List.copyOf(directories.values());
    }

    /** Regular files in value order. */
    List<PlannedEntry> files() {
        return Collections.unmodifiableList(files);
    }

    /** Symbolic links in value order. */
    List<PlannedEntry> links() {
        return Collections.unmodifiableList(links);
    }

    /** Names of {@code Singleton*} entries that were left out. */
    List<String> dropped() {
        return Collections.unmodifiableList(dropped);
    }
}
