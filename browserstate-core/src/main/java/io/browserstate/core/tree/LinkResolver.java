package io.browserstate.core.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the symbolic links of one tree the way the kernel does: component by component from the
 * link's directory, every link met on the way (the last component included) expanded in turn, so that
 * a chain such as {@code m -> .} and {@code x/y/l -> ../../m/..} is seen to leave the tree although each
 * link alone looks harmless. Bounded: at most {@value #MAX_LINK_DEPTH} nested expansions per link and a
 * fixed budget of steps for the whole tree, whatever its content.
 *
 * <p>The links' own directories must be free of links (a plan refuses entries below links; a scan
 * never descends into one).
 *
 * @since 0.2
 */
public final class LinkResolver {
    /** Deepest chain of links followed (the kernel's limit is 40). */
    public static final int MAX_LINK_DEPTH = 40;
    private static final long STEP_BUDGET = 5_000_000;

    private final Map<String, String> links;
    private long steps = STEP_BUDGET;

    /**
     * @param links every symbolic link of the tree: relative path to target
     */
    public LinkResolver(Map<String, String> links) {
        this.links = links;
    }

    /** Why the escape check stopped: the link leaves the tree, loops, or its target is malformed. */
    private static final class Escape extends Exception {
        private static final long serialVersionUID = 1L;

        Escape(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Returns why the link at {@code linkPath} (a valid relative path) with {@code target} does not stay
     * inside the tree, or {@code null} when every way through it stays inside.
     *
     * @param linkPath the link's relative path in the tree
     * @param target the link's target
     * @return why, as a phrase such as {@code "leaves the tree"}, or {@code null} when the link stays inside
     */
    public @Nullable String problem(String linkPath, @Nullable String target) {
        String malformed = targetProblem(target);
        if (malformed != null || target == null) {
            return malformed != null ? malformed : "has an empty target";
        }
        List<String> start = new ArrayList<>(TreeNames.segments(linkPath));
        start.remove(start.size() - 1);
        try {
            walk(start, target, 0);
            return null;
        } catch (Escape e) {
            return e.getMessage();
        }
    }

    /** Why a link target is refused before it is resolved, or {@code null}. */
    static @Nullable String targetProblem(@Nullable String target) {
        if (target == null || target.isEmpty()) {
            return "has an empty target";
        }
        if (target.indexOf('\0') >= 0) {
            return "has a target containing NUL";
        }
        if (target.startsWith("/")) {
            return "has an absolute target";
        }
        if (target.indexOf('\\') >= 0) {
            return "has a target containing a backslash";
        }
        if (target.length() >= 2 && target.charAt(1) == ':' && Character.isLetter(target.charAt(0))) {
            return "has a target with a drive prefix";
        }
        if (target.length() > TreeNames.MAX_PATH_CHARS) {
            return "has a target longer than " + TreeNames.MAX_PATH_CHARS + " characters";
        }
        return null;
    }

    private List<String> walk(List<String> position, String target, int depth) throws Escape {
        if (depth > MAX_LINK_DEPTH) {
            throw new Escape("forms a cycle of symlinks (or a chain deeper than " + MAX_LINK_DEPTH + ")");
        }
        List<String> pos = new ArrayList<>(position);
        for (String segment : target.split("/", -1)) {
            if (--steps < 0) {
                throw new Escape("needs too many steps to resolve (symlink chains too deep)");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (pos.isEmpty()) {
                    throw new Escape("leaves the tree");
                }
                pos.remove(pos.size() - 1);
                continue;
            }
            pos.add(segment);
            String through = links.get(String.join("/", pos));
            if (through != null) {
                String malformed = targetProblem(through);
                if (malformed != null) {
                    throw new Escape("goes through a link that " + malformed);
                }
                pos = walk(new ArrayList<>(pos.subList(0, pos.size() - 1)), through, depth + 1);
            }
        }
        return pos;
    }
}
