package io.browserstate.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A session restored into a local directory and held under a lease, so that no other worker saves it
 * meanwhile. Hand {@link #directory()} to the browser; close the browser before {@link #save()} or
 * {@link #close()}: a running browser is never snapshotted consistently.
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
     * Saves the directory as a new snapshot (a checkpoint) and keeps the mount open.
     *
     * @return what the save published and what it cost
     * @throws SaveFailedException when the save did not publish; the previous snapshot stays current
     */
    SaveResult save();

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
