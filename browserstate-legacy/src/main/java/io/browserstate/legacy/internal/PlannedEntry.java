package io.browserstate.legacy.internal;

import io.browserstate.core.tree.TreePlan;

/**
 * One entry of a legacy value as read, before validation.
 *
 * @param name the name as stored (a directory entry may end with {@code /})
 * @param kind file, directory or symbolic link
 * @param permissions the permission bits ({@code mode & 0777}) when the value recorded them, else -1
 * @param mtimeMillis modification time in milliseconds since the epoch, or -1 when unknown
 * @param declaredSize the content size the value declares, or -1 when it declares none
 * @param linkTarget the link target of a symbolic link, else {@code null}
 * @param handle the archive's own reference to the entry's content
 */
record PlannedEntry(String name, Kind kind, int permissions, long mtimeMillis, long declaredSize, String linkTarget, int handle) {

    enum Kind { FILE, DIRECTORY, SYMLINK }

    /** This entry as the tree pipeline validates it: a directory's trailing {@code /} removed, times in nanoseconds. */
    TreePlan.Entry<PlannedEntry> toTreeEntry() {
        String n = kind == Kind.DIRECTORY && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        TreePlan.Kind k = switch (kind) {
            case FILE -> TreePlan.Kind.FILE;
            case DIRECTORY -> TreePlan.Kind.DIRECTORY;
            case SYMLINK -> TreePlan.Kind.SYMLINK;
        };
        return new TreePlan.Entry<>(n, k, permissions, mtimeMillis < 0 ? Long.MIN_VALUE : mtimeMillis * 1_000_000L,
                declaredSize, linkTarget, this);
    }
}
