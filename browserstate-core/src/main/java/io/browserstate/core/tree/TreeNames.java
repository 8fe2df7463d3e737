package io.browserstate.core.tree;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rules a relative path must follow to be saved and restored: one rule set, applied by the scanner
 * of every save and by every restore (native and legacy formats alike). A name is refused, never
 * repaired, so that what is stored is exactly what comes back.
 *
 * @since 0.2
 */
public final class TreeNames {
    /** Longest accepted relative path, in characters. */
    public static final int MAX_PATH_CHARS = 4096;
    /** Longest accepted path segment, in UTF-8 bytes (the limit of Linux, macOS and Windows file systems). */
    public static final int MAX_SEGMENT_BYTES = 255;
    /** Chromium's lock files: a restored one makes Chromium refuse the profile. Never saved, never restored, at any depth. */
    public static final Set<String> LOCK_FILE_NAMES = Set.of("SingletonLock", "SingletonSocket", "SingletonCookie");

    private TreeNames() {
    }

    /**
     * Returns why {@code path} cannot be stored or restored, or {@code null} when it can: non-empty,
     * {@code /}-separated, no empty, {@code .} or {@code ..} segment, no NUL, no backslash, not
     * absolute, no drive prefix, no unpaired surrogate, each segment at most {@value #MAX_SEGMENT_BYTES}
     * bytes in UTF-8 and the whole at most {@value #MAX_PATH_CHARS} characters.
     *
     * @param path the relative path to check; may be {@code null}
     * @return why the path is refused, or {@code null} when it is valid
     */
    public static @Nullable String problem(@Nullable String path) {
        if (path == null || path.isEmpty()) {
            return "empty name";
        }
        if (path.length() > MAX_PATH_CHARS) {
            return "name longer than " + MAX_PATH_CHARS + " characters";
        }
        if (path.indexOf('\0') >= 0) {
            return "name contains a NUL character";
        }
        if (path.indexOf('\\') >= 0) {
            return "name contains a backslash";
        }
        if (path.startsWith("/")) {
            return "absolute name";
        }
        if (path.length() >= 2 && path.charAt(1) == ':' && isAsciiLetter(path.charAt(0))) {
            return "name starts with a drive prefix";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < path.length() && Character.isLowSurrogate(path.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "name contains an unpaired surrogate (not valid Unicode)";
            }
        }
        for (String segment : segments(path)) {
            if (segment.isEmpty()) {
                return "name contains an empty segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "name contains a '" + segment + "' segment";
            }
            if (segment.length() * 3 > MAX_SEGMENT_BYTES && segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return "a segment is longer than " + MAX_SEGMENT_BYTES + " bytes, the file systems' limit";
            }
        }
        return null;
    }

    /**
     * Whether any segment of a (valid) path is one of {@link #LOCK_FILE_NAMES}.
     *
     * @param path a valid relative path
     * @return {@code true} when the path is or lies below a lock file name
     */
    public static boolean isLockFile(String path) {
        for (String segment : segments(path)) {
            if (LOCK_FILE_NAMES.contains(segment)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code /}-separated segments, empty ones included.
     *
     * @param path a relative path
     * @return the segments in order, as an unmodifiable list
     */
    public static List<String> segments(String path) {
        return List.of(path.split("/", -1));
    }

    /**
     * The parent of a valid relative path, or {@code ""} for a top-level one.
     *
     * @param path a valid relative path
     * @return the path without its last segment, or {@code ""}
     */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /**
     * Prints a name for a message: quoted, control characters and unpaired surrogates escaped.
     *
     * @param name the name to print; may be {@code null}
     * @return the name in double quotes, or {@code null} as the text {@code "null"}
     */
    public static String quote(@Nullable String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(name.length() + 2).append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1)) || Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(name.charAt(i - 1)))) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
