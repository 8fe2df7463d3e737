package io.browserstate.legacy.internal;

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

    /** The same entry under its validated name. */
    PlannedEntry withName(String validated) {
        return new PlannedEntry(validated, kind, permissions, mtimeMillis, declaredSize, linkTarget, handle);
    }
}
