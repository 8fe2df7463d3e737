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
     * Restores the session's current snapshot into {@code target} as {@link #restore(SessionId, Path)}
     * does, reusing what {@code seed} (an older copy of the profile: a previous restore's directory, a
     * profile the caller kept) already holds: each chunk of a file is read from the same file in the seed
     * when its content hashes to the snapshot's chunk, and fetched otherwise. The seed is only read; it may
     * be missing files, hold other ones, or be out of date. {@link RestoreResult#bytesReused} tells how much
     * it saved.
     *
     * @param id the session to restore
     * @param target the directory to restore into; must not exist or be empty
     * @param seed a directory with an older copy of the profile, or {@code null} for none
     * @return what the restore wrote and how much of it came from the seed
     * @throws SessionNotFoundException when the session does not exist
     * @throws CorruptDataException when stored data is corrupt or hostile
     * @since 0.5
     */
    default RestoreResult restore(SessionId id, Path target, @Nullable Path seed) {
        if (seed == null) {
            return restore(id, target);
        }
        throw new UnsupportedOperationException(getClass().getName() + " cannot restore from a seed");
    }

    /**
     * Restores one kept snapshot of the session, current or older, into {@code target}, as
     * {@link #restore(SessionId, Path)} does.
     *
     * @param id the session
     * @param version the version to restore; {@link #history} lists the kept ones
     * @param target the directory to restore into; must not exist or be empty
     * @return what the restore wrote
     * @throws SessionNotFoundException when the session does not exist or does not keep that version
     * @throws CorruptDataException when stored data is corrupt or hostile
     * @since 0.3
     */
    RestoreResult restore(SessionId id, long version, Path target);

    /**
     * One page of the session's kept snapshots, newest first, the current one included, each with
     * what it holds and who published it. Read from small snapshot records, without manifests (a session
     * written before 0.3 is read from its manifests, its older snapshots numbered down from the current one).
     *
     * @param id the session
     * @param cursor {@code null} for the first page, else {@link SessionPage#nextCursor()}
     * @param limit at most this many items (1 to 1000)
     * @return the page
     * @throws SessionNotFoundException when the session does not exist
     * @since 0.3
     */
    SessionPage<SnapshotInfo> history(SessionId id, @Nullable String cursor, int limit);

    /**
     * Publishes a kept older snapshot as the session's new current one: a new version, by
     * compare-and-set under the session's lease, history kept (the rolled-back versions stay in it,
     * subject to retention). No chunk is copied.
     *
     * @param id the session
     * @param version the kept version to publish again
     * @return the new current snapshot
     * @throws SessionNotFoundException when the session does not exist or does not keep that version
     * @throws SessionConflictException when another worker holds the lease or published meanwhile
     * @since 0.3
     */
    SnapshotInfo rollback(SessionId id, long version);

    /**
     * The paths that differ between two kept snapshots, with their sizes, read from the manifests.
     *
     * @param id the session
     * @param fromVersion the older side
     * @param toVersion the newer side
     * @return the differences, sorted by path
     * @throws SessionNotFoundException when the session does not exist or does not keep a version
     * @since 0.3
     */
    SnapshotDiff diff(SessionId id, long fromVersion, long toVersion);

    /**
     * Forks the session's current snapshot into a new session; see {@link #fork(SessionId, long, SessionId)}.
     *
     * @param source the session to fork
     * @param target the new session; must not exist
     * @return the target's first snapshot
     * @since 0.3
     */
    SnapshotInfo fork(SessionId source, SessionId target);

    /**
     * Creates the session {@code target} from a kept snapshot of {@code source}. Within one user no
     * chunk is copied: the fork references the source's chunks in the user's shared space, so its cost
     * is proportional to the manifest, not the profile. Across users the chunks the target user's space
     * lacks are copied. From then on the two are independent: saving, rolling back or deleting one never
     * changes the other.
     *
     * @param source the session to fork
     * @param version the kept version of {@code source} to fork
     * @param target the new session; must not exist
     * @return the target's first snapshot (version 1, origin {@link SnapshotInfo.Origin#FORK})
     * @throws SessionNotFoundException when the source or its version does not exist
     * @throws SessionConflictException when the target exists or its lease is held
     * @since 0.3
     */
    SnapshotInfo fork(SessionId source, long version, SessionId target);

    /**
     * Applies retention ({@code keepSnapshots}, {@code keepFor}) to the session now, as a save does,
     * then collects its user's shared space.
     *
     * @param id the session
     * @return what the collection found and did
     * @throws SessionConflictException when another worker holds the lease
     * @since 0.3
     */
    GarbageReport prune(SessionId id);

    /**
     * Deletes the blobs of the user's shared space that no kept snapshot of any of the user's sessions
     * references and that were not claimed within {@code gcGrace}: safe while other workers save, fork
     * and delete.
     *
     * @param userId the user whose space is collected
     * @return what the collection found and did
     * @since 0.3
     */
    GarbageReport collectGarbage(String userId);

    /**
     * Moves the user's format-1 sessions (written before 0.3) to format 2: their blobs are copied into
     * the user's shared space, their heads republished under each session's lease with the same
     * version, then their own blobs deleted. Idempotent and resumable: sessions already in format 2 are
     * left as they are, so a second run changes nothing.
     *
     * @param userId the user whose sessions are migrated
     * @return what was migrated, and what was not and why
     * @since 0.3
     */
    MigrationReport migrateFormat(String userId);

    /**
     * Rewrites every kept snapshot of the user's sessions that was not written under the current
     * encryption setting (another key, or not encrypted) so that it is: chunks, manifests and records
     * are read, checked and written again under the current key, and each session's head is republished
     * at the same version under its lease. Afterwards, and once {@code gcGrace} has passed and a
     * collection ran, the old key protects nothing of these sessions and can be dropped. With encryption
     * off it rewrites encrypted snapshots in plain form (which needs their keys). Resumable: sessions
     * done already are skipped, and chunks rewritten by an interrupted run are found, not written again.
     *
     * @param userId the user whose sessions are rewritten
     * @return what was rewritten, and what was not and why
     * @since 0.4
     */
    RekeyReport rekey(String userId);

    /**
     * {@link #rekey(String)} for one session.
     *
     * @param id the session to rewrite
     * @return what was rewritten
     * @throws SessionNotFoundException when the session does not exist
     * @throws SessionConflictException when another worker holds its lease
     * @throws EncryptionKeyException when a key its snapshots need is not configured
     * @since 0.4
     */
    RekeyReport rekey(SessionId id);

    /**
     * Whether new saves are encrypted ({@code encryption=aes-256-gcm}).
     *
     * @return {@code true} when what this manager writes is sealed under a key
     * @since 0.4
     */
    default boolean encrypts() {
        return false;
    }

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

    /**
     * The users that have sessions in the store, in order, a page at a time (for operators' tools; it
     * may read the store's whole index of users for every page).
     *
     * @param cursor {@code null} for the first page, else the previous page's {@link SessionPage#nextCursor()}
     * @param limit users per page, 1 to 1000
     * @return user ids
     * @throws UnsupportedOperationException when the store cannot list its users
     * @since 0.5
     */
    default SessionPage<String> listUsers(@Nullable String cursor, int limit) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot list users");
    }

    /**
     * What the user's sessions hold and what the store spends on them: sessions, kept snapshots, files,
     * logical bytes (current, kept, distinct), stored bytes and the sharing ratio. Reads every kept
     * snapshot's manifest and the size of every blob in the user's space, so it may be slow; it changes
     * nothing.
     *
     * @param userId the user
     * @return the figures
     * @throws CorruptDataException when a kept snapshot cannot be read
     * @throws UnsupportedOperationException when this manager cannot tell
     * @since 0.5
     */
    default StoreUsage usage(String userId) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot tell the usage of a user's sessions");
    }

    /**
     * Lets {@code listener} hear of this manager's progress and finished operations (and those of its
     * mounts) until the registration is closed.
     *
     * @param listener the listener
     * @return a registration; closing it removes the listener
     * @throws UnsupportedOperationException when this manager has no listeners
     * @since 0.5
     */
    default BrowserStateListener.Registration addListener(BrowserStateListener listener) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support listeners");
    }

    /** Releases the store connection and background threads. Open mounts are not saved. */
    @Override
    void close();
}
