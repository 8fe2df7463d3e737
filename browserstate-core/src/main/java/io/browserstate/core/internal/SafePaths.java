package io.browserstate.core.internal;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** Checks for relative paths and link targets read from untrusted snapshots. */
public final class SafePaths {
    /** Longest accepted relative path, in characters. */
    public static final int MAX_PATH_LENGTH = 4096;

    private SafePaths() {
    }

    /**
     * Returns why {@code path} is not a safe relative path, or {@code null} when it is: non-empty,
     * {@code /}-separated, no empty, {@code .} or {@code ..} segment, no NUL, no backslash, not absolute,
     * no drive prefix.
     */
    public static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "empty path";
        }
        if (path.length() > MAX_PATH_LENGTH) {
            return "path longer than " + MAX_PATH_LENGTH + " characters";
        }
        if (path.indexOf('\0') >= 0) {
            return "path contains NUL";
        }
        if (path.indexOf('\\') >= 0) {
            return "path contains a backslash";
        }
        if (path.startsWith("/")) {
            return "absolute path";
        }
        if (path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0))) {
            return "path has a drive prefix";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return "path has an empty segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "path has a '" + segment + "' segment";
            }
        }
        return null;
    }

    /**
     * Whether a symlink at {@code linkPath} (relative, already checked) with {@code target} stays inside
     * the tree when resolved lexically from the link's directory.
     */
    public static boolean linkStaysInside(String linkPath, String target) {
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0 || target.indexOf('\\') >= 0 || target.startsWith("/")) {
            return false;
        }
        Deque<String> stack = new ArrayDeque<>();
        String[] linkSegments = linkPath.split("/");
        for (int i = 0; i < linkSegments.length - 1; i++) {
            stack.addLast(linkSegments[i]);
        }
        for (String segment : target.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (stack.isEmpty()) {
                    return false;
                }
                stack.removeLast();
            } else {
                stack.addLast(segment);
            }
        }
        return true;
    }

    /** The name of the last segment. */
    public static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** {@code root.resolve(relative)} checked to stay under {@code root}. */
    public static Path resolve(Path root, String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path escapes the target: " + relative);
        }
        return p;
    }
}
