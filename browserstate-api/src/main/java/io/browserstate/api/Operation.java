package io.browserstate.api;

/**
 * What a {@link BrowserStateManager} was asked to do, as {@link BrowserStateListener}s hear of it.
 *
 * @since 0.5
 */
public enum Operation {
    /** {@code save(id, dir)}: a directory saved as a new snapshot. */
    SAVE,
    /** {@code restore}: a snapshot written into a directory. */
    RESTORE,
    /** {@code mount}: a lease taken and the newest snapshot restored into a private directory. */
    MOUNT,
    /** A mount's {@code close()}: saved (when writable) and released. */
    CLOSE,
    /** A mount's {@code checkpoint()}: a save that keeps the mount open. */
    CHECKPOINT,
    /** {@code fork}: one session's snapshot published as another's. */
    FORK,
    /** {@code rollback}: an older snapshot published as a new version. */
    ROLLBACK,
    /** {@code delete}: a session removed. */
    DELETE,
    /** {@code prune} and {@code collectGarbage}: unreferenced blobs deleted. */
    COLLECT_GARBAGE,
    /** {@code migrateFormat}: sessions moved to the current layout. */
    MIGRATE,
    /** {@code rekey}: snapshots sealed again under the current key. */
    REKEY
}
