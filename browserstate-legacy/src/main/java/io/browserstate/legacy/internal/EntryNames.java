package io.browserstate.legacy.internal;

import java.util.List;
import java.util.Set;

/**
 * Validation of entry names read from a legacy value (FORMAT.md section 6, rule 1). A name is refused,
 * never repaired.
 */
final class EntryNames {

    /** Chromium's lock files: a restored one makes Chromium refuse the profile. Dropped at any depth. */
    static final Set<String> SINGLETON_NAMES = Set.of("SingletonLock", "SingletonSocket", "SingletonCookie");

    private EntryNames() {
    }

    /**
     * Returns why {@code name} is refused, or {@code null} when it is acceptable. {@code name} is the
     * entry name without the trailing {@code /} of a directory entry.
     */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "empty name";
        }
        if (name.indexOf('\0') >= 0) {
            return "name contains a NUL character";
        }
        if (name.indexOf('\\') >= 0) {
            return "name contains a backslash";
        }
        if (name.startsWith("/")) {
            return "absolute name";
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0))) {
            return "name starts with a drive prefix";
        }
        for (String segment : segments(name)) {
            if (segment.equals("..")) {
                return "name contains a '..' segment";
            }
            if (segment.isEmpty()) {
                return "name contains an empty segment";
            }
            if (segment.equals(".")) {
                return "name contains a '.' segment";
            }
        }
        return null;
    }

    /** Whether any segment of a (valid) name is one of {@link #SINGLETON_NAMES}. */
    static boolean isSingleton(String name) {
        for (String segment : segments(name)) {
            if (SINGLETON_NAMES.contains(segment)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code /}-separated segments, empty ones included. */
    static List<String> segments(String name) {
        return List.of(name.split("/", -1));
    }

    /** The parent of a valid relative name, or {@code ""} for a top-level name. */
    static String parent(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    /** Prints a name for an error message: quoted, control characters escaped. */
    static String quote(String name) {
        StringBuilder b = new StringBuilder(name.length() + 2).append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
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
