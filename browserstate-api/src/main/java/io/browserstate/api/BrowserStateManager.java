package io.browserstate.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Saves and restores browser profiles in one store. Thread-safe; one instance serves a whole
 * application. Obtain one from {@code io.browserstate.core.BrowserState}.
 *
 * @since 0.1
 */
public interface BrowserStateManager extends AutoCloseable {

    /** Mounts the session with {@link MountOptions#defaults()}. */
    default MountedSession mount(SessionId id) {
        return mount(id, MountOptions.defaults());
    }

    /**
     * Takes the session's lease, restores its current snapshot into a fresh directory (verifying every
     * chunk) and returns the handle. A missing session gives an empty profile only when
     * {@link MountOptions#createIfMissing()} says so; a read error never gives an empty profile.
     *
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
     * @throws SessionConflictException when another worker holds the lease, or the session is no longer
     *     at the stated base version; nothing was published
     * @throws SaveFailedException when the save failed for another reason; nothing was published and the
     *     directory is left as it was
     */
    SaveResult save(SessionId id, Path profileDirectory, SaveOptions options);

    /** {@link #save(SessionId, Path, SaveOptions)} with no extra metadata and no base: replaces whatever is current. */
    default SaveResult save(SessionId id, Path profileDirectory) {
        return save(id, profileDirectory, SaveOptions.none());
    }

    /**
     * Restores the session's current snapshot into {@code target}, which must not exist or be empty.
     * All or nothing: on failure {@code target} is left as it was.
     *
     * @throws SessionNotFoundException when the session does not exist
     * @throws CorruptDataException when stored data is corrupt or hostile
     */
    RestoreResult restore(SessionId id, Path target);

    /** Metadata of the session, read without downloading its profile. */
    Optional<SessionInfo> info(SessionId id);

    /** Whether the session has a published snapshot. */
    boolean exists(SessionId id);

    /**
     * One page of a user's sessions, ordered by session id.
     *
     * @param cursor {@code null} for the first page, else {@link SessionPage#nextCursor()}
     * @param limit at most this many items (1 to 1000)
     */
    SessionPage<SessionInfo> list(String userId, String cursor, int limit);

    /** Deletes every stored piece of the session. Returns whether it existed. */
    boolean delete(SessionId id);

    /** Releases the store connection and background threads. Open mounts are not saved. */
    @Override
    void close();
}
