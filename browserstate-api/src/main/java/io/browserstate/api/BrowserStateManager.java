package io.browserstate.api;

import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Saves and restores browser profiles in one store. Thread-safe; one instance serves a whole
 * application. Obtain one from {@code io.browserstate.core.BrowserState}.
 *
 * @since 0.1
 */
public interface BrowserStateManager extends AutoCloseable {

    /**
     * Mounts the session with {@link MountOptions#defaults()}.
     *
     * @param id the session to mount
     * @return the mounted session, holding the session's lease until it is closed or discarded
     */
    default MountedSession mount(SessionId id) {
        return mount(id, MountOptions.defaults());
    }

    /**
     * Takes the session's lease, restores its current snapshot into a fresh directory (verifying every
     * chunk) and returns the handle. A missing session gives an empty profile only when
     * {@link MountOptions#createIfMissing()} says so; a read error never gives an empty profile.
     *
     * @param id the session to mount
     * @param options how to mount: whether to create a missing session, where to restore, what to record
     * @return the mounted session, holding the session's lease until it is closed or discarded
     * @throws SessionConflictException when another worker holds the lease
     * @throws SessionNotFoundException when the session is missing and may not be created
     * @throws CorruptDataException when stored data fails verification
     */
    MountedSession mount(SessionId id, MountOptions options);

    /**
     * Saves a profile directory as the session's new snapshot, holding the session's lease for the
     * duration. Only chunks the store lacks are sent; the head moves by one atomic compare-and-set.
     *
     * <p>What it replaces: with a base in {@code options} ({@link SaveOptions#basedOn(RestoreResult)},
     * {@link SaveOptions#mustBeNew()}) the save publishes only if the session is still at that version;
     * without one ({@link SaveOptions#none()}) it replaces whatever is current when it publishes. The
     * snapshot it replaces stays in the session's history ({@code keepSnapshots}).
     *
     * @param id the session to save
     * @param profileDirectory the profile directory to snapshot; the browser using it must be closed
     * @param options the metadata to record and the base version, if any
     * @return what the save published and what it cost
     * @throws SessionConflictException when another worker holds the lease, or the session is no longer
     *     at the stated base version; nothing was published
     * @throws SaveFailedException when the save failed for another reason; nothing was published and the
     *     directory is left as it was
     */
    SaveResult save(SessionId id, Path profileDirectory, SaveOptions options);

    /**
     * {@link #save(SessionId, Path, SaveOptions)} with no extra metadata and no base: replaces whatever is current.
     *
     * @param id the session to save
     * @param profileDirectory the profile directory to snapshot; the browser using it must be closed
     * @return what the save published and what it cost
     */
    default SaveResult save(SessionId id, Path profileDirectory) {
        return save(id, profileDirectory, SaveOptions.none());
    }

    /**
     * Restores the session's current snapshot into {@code target}, which must not exist or be empty.
     * All or nothing: on failure {@code target} is left as it was.
     *
     * @param id the session to restore
     * @param target the directory to restore into; must not exist or be empty
     * @return what the restore wrote, including the version it restored
     * @throws SessionNotFoundException when the session does not exist
     * @throws CorruptDataException when stored data is corrupt or hostile
     */
    RestoreResult restore(SessionId id, Path target);

    /**
     * Metadata of the session, read without downloading its profile.
     *
     * @param id the session
     * @return the session's metadata, or empty when it has no published snapshot
     */
    Optional<SessionInfo> info(SessionId id);

    /**
     * Whether the session has a published snapshot.
     *
     * @param id the session
     * @return {@code true} when the session has a published snapshot
     */
    boolean exists(SessionId id);

    /**
     * One page of a user's sessions, ordered by session id.
     *
     * @param userId the user whose sessions are listed
     * @param cursor {@code null} for the first page, else {@link SessionPage#nextCursor()}
     * @param limit at most this many items (1 to 1000)
     * @return the page, with the cursor of the next page when there is one
     */
    SessionPage<SessionInfo> list(String userId, @Nullable String cursor, int limit);

    /**
     * Deletes every stored piece of the session, holding its lease for the duration: a session that a
     * worker has mounted is not deleted under it.
     *
     * @param id the session to delete
     * @return whether the session existed (had a published snapshot)
     * @throws SessionConflictException when another worker holds the session's lease
     */
    boolean delete(SessionId id);

    /** Releases the store connection and background threads. Open mounts are not saved. */
    @Override
    void close();
}
