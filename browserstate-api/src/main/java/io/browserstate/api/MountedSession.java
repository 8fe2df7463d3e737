package io.browserstate.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A session restored into a local directory and held under a lease, so that no other worker saves it
 * meanwhile. Hand {@link #directory()} to the browser; close the browser before {@link #save()} or
 * {@link #close()}: a running browser is never snapshotted consistently.
 *
 * <p>A {@link #readOnly()} mount holds no lease and never saves: {@link #close()} only deletes its
 * directory, and {@link #refresh()} moves it to the newest snapshot.
 *
 * <p>{@link #close()} saves, releases the lease and deletes the directory. When the save fails the
 * directory is kept and {@link SaveFailedException#keptDirectory()} says where.
 *
 * @since 0.1
 */
public interface MountedSession extends AutoCloseable {

    /**
     * The mounted session.
     *
     * @return the session's id
     */
    SessionId id();

    /**
     * The profile directory; valid until {@link #close()} or {@link #discard()}.
     *
     * @return the directory to hand to the browser
     */
    Path directory();

    /**
     * What the mount restored; version 0 means the session was new.
     *
     * @return the result of the restore done by the mount
     */
    RestoreResult restored();

    /**
     * Records the browser version with the next save.
     *
     * @param version the version of the browser that uses the profile
     */
    void browserVersion(String version);

    /**
     * Records a metadata attribute with the next save.
     *
     * @param key the attribute's name
     * @param value the attribute's value
     */
    void attribute(String key, String value);

    /**
     * Whether this mount is read-only: it holds no lease, and {@link #save()} and {@link #close()} never save.
     *
     * @return {@code true} for a read-only mount
     * @since 0.3
     */
    boolean readOnly();

    /**
     * Moves a read-only mount to the session's newest snapshot: restores it into a fresh directory beside
     * this one, then swaps it in at {@link #directory()}. Close the browser first. When the mount is at
     * the newest version already, nothing is written.
     *
     * @return what the refresh restored (or the current restore, when nothing changed)
     * @throws IllegalStateException on a writable mount, whose directory holds unsaved work
     * @throws SessionNotFoundException when the session was deleted meanwhile; the directory is kept
     * @since 0.3
     */
    RestoreResult refresh();

    /**
     * Saves the directory as a new snapshot and keeps the mount open (unlike {@link #checkpoint}, which does not read it).
     *
     * @return what the save published and what it cost
     * @throws SaveFailedException when the save did not publish; the previous snapshot stays current
     * @throws IllegalStateException on a read-only mount
     */
    SaveResult save();

    /**
     * Publishes a checkpoint without reading the directory: the snapshot this mount restored or last
     * saved (its files as they were then), with {@code files} added or replaced, as the session's next
     * version ({@link SnapshotInfo.Origin#CHECKPOINT}), under the mount's lease and by the same
     * compare-and-set as a save. For what a live program holds that its files do not show yet: the
     * Playwright adapter stores the running browser's cookies, localStorage and IndexedDB here, and
     * applies them when the session is mounted again. A checkpoint that follows a checkpoint replaces
     * it in the history, so frequent checkpoints do not push older saves out of it; a save after a
     * checkpoint keeps it there like any older version. The next save is a delta against the snapshot
     * this checkpoint published.
     *
     * @param files file contents by relative, {@code /}-separated path; parent directories are created
     * @return what the checkpoint published and what it cost (its file counts are the whole snapshot's)
     * @throws IllegalArgumentException when a path is not a plain relative path or {@code files} is empty
     * @throws SessionConflictException when the lease was lost or another writer published first
     * @throws IllegalStateException on a read-only or closed mount
     * @since 0.4
     */
    default SaveResult checkpoint(java.util.Map<String, byte[]> files) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not publish checkpoints");
    }

    /**
     * The result of the latest successful save of this mount, if any.
     *
     * @return the latest save's result, or empty when this mount has not saved yet
     */
    Optional<SaveResult> lastSave();

    /**
     * Saves, releases the lease and removes the directory. Idempotent.
     *
     * @throws SaveFailedException when the save failed; the directory is then kept
     * @throws SessionConflictException when the lease was lost or another writer published first; the
     *     directory is then kept
     * @throws LocalDiskException when the save was published but the directory, which holds live
     *     cookies, could not be removed; the exception names it
     */
    @Override
    void close();

    /**
     * Releases the lease and removes the directory without saving. Idempotent.
     *
     * @throws LocalDiskException when the directory could not be removed; the exception names it
     */
    void discard();
}
