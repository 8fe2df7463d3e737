package io.browserstate.spi;

import io.browserstate.api.SessionId;
import io.browserstate.api.SessionPage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A store of sessions: content-addressed blobs in spaces shared by a user's sessions, one head per
 * session, leases and a catalogue.
 * Blocking and thread-safe; the engine calls it from several threads at once.
 *
 * <p>Errors: failures of the store are {@link io.browserstate.api.StorageException}s with their cause;
 * nothing is ever reported as an empty result.
 *
 * @since 0.1
 */
public interface StorageProvider extends AutoCloseable {

    /**
     * What this provider supports.
     *
     * @return the provider's capabilities
     */
    ProviderCapabilities capabilities();

    /**
     * A description for messages, with no credentials: e.g. {@code redis://host:6379/0}.
     *
     * @return the description
     */
    String describe();

    /**
     * The store's clock: the time blob claims are stamped with and publish deadlines are checked
     * against. A provider on one machine returns its system clock; Redis returns the server's
     * {@code TIME}, so that workers whose clocks disagree still agree with the store.
     *
     * @return the store's current time
     * @since 0.3
     */
    Instant time();

    /**
     * Claims the blobs of {@code ids} that {@code space} holds for a save or fork in flight, and returns
     * the others. Claiming stamps each present blob with the store's {@link #time()}, atomically with the
     * check that it is present, so that a garbage collection that started before the claim and has not
     * seen the snapshot that will reference the blob keeps it (see {@link #deleteBlobs}).
     *
     * @param space where the blobs live; a shared space (format-1 spaces are never written)
     * @param ids the blob ids the caller is about to reference
     * @return the ids among {@code ids} that are not stored, which the caller must {@link #putBlobs put}
     * @since 0.3
     */
    Set<String> claimBlobs(BlobSpace space, Collection<String> ids);

    /**
     * Stores blobs, each claimed with the store's {@link #time()} as {@link #claimBlobs} does, before its
     * bytes become visible (idempotent: an id already present may be written again with the same bytes).
     *
     * @param space where the blobs live; a shared space (format-1 spaces are never written)
     * @param blobs the blobs to store
     */
    void putBlobs(BlobSpace space, List<Blob> blobs);

    /**
     * Reads blobs; the result has the order of {@code ids}, with {@code null} where a blob is missing.
     *
     * @param space where the blobs live
     * @param ids the blob ids to read
     * @return one entry per id, in the same order: the stored bytes, or {@code null} when missing
     */
    List<byte @Nullable []> getBlobs(BlobSpace space, List<String> ids);

    /**
     * Every blob the space holds, with when it was last claimed (for garbage collection; may be slow).
     * Blobs of a format-1 space were never claimed: they report {@link Instant#EPOCH}.
     *
     * @param space the space
     * @return blob id to the time of its last claim or write
     * @since 0.3
     */
    Map<String, Instant> listBlobs(BlobSpace space);

    /**
     * How many bytes each of {@code ids} occupies as stored (its value, after compression and
     * encryption; not the key or the store's own overhead): for operators' statistics. Ids the space
     * lacks are left out. It may read every blob's size, one round trip per batch.
     *
     * @param space where the blobs live
     * @param ids the blobs to measure
     * @return blob id to its stored length in bytes
     * @throws UnsupportedOperationException when the provider cannot tell (the default)
     * @since 0.5
     */
    default Map<String, Long> blobSizes(BlobSpace space, Collection<String> ids) {
        throw new UnsupportedOperationException(describe() + " cannot tell the sizes of its blobs");
    }

    /**
     * Deletes those of {@code ids} that were not claimed (or written) at or after {@code claimedBefore};
     * the check and the deletion of each blob are one atomic step against {@link #claimBlobs} and
     * {@link #putBlobs}. This is what makes collection safe without a lock: a collector that read every
     * kept snapshot after time {@code T} passes {@code T - grace}, and a writer that claims a blob
     * publishes the snapshot referencing it within {@code grace} (its compare-and-set's deadline), so a
     * blob that a writer still needs was either seen as referenced or claimed too recently to go.
     * Missing ids are ignored. In a format-1 space every listed blob is deleted.
     *
     * @param space where the blobs live
     * @param ids the blob ids to delete
     * @param claimedBefore keep every blob claimed or written at or after this store time
     * @return how many blobs were deleted
     * @since 0.3
     */
    long deleteBlobs(BlobSpace space, Collection<String> ids, Instant claimedBefore);

    /**
     * The session's head, or empty when the session has never been published (or was deleted).
     *
     * @param session the session
     * @return the current head, or empty when there is none
     */
    Optional<Head> readHead(SessionId session);

    /**
     * Publishes {@code next} atomically if the current head's version is {@code expectedVersion} (0: no
     * head yet), when {@code lease} is given it is still the session's current lease, and when
     * {@code publishBy} is given the store's {@link #time()} has not passed it.
     *
     * @param session the session
     * @param expectedVersion the version the current head must have; {@code 0} when there must be no head
     * @param next the head to publish
     * @param lease the lease that must be the session's current one, or {@code null} for no lease check
     * @param publishBy the latest store time at which the head may move (the writer's claims expire
     *     then), or {@code null} for no deadline
     * @return {@link HeadUpdate#PUBLISHED} when the head moved; otherwise why not (the version moved,
     *     the lease is no longer current, the deadline passed), the store unchanged. Checked in that order.
     */
    HeadUpdate compareAndSetHead(SessionId session, long expectedVersion, Head next, @Nullable Lease lease, @Nullable Instant publishBy);

    /**
     * Records an access without publishing a new version (and refreshes a TTL when so configured).
     *
     * @param session the session
     * @param accessedAt the access time to record
     */
    void touch(SessionId session, Instant accessedAt);

    /**
     * Takes the session's lease if nobody holds it, or if {@code owner} itself holds it; empty when another
     * owner does. An owner takes its own lease again at once, with a new, larger fencing token that fences
     * out the old one: a lease whose owner lost track of it (its release failed while the store was down,
     * or a failover brought back a lease it had released) never blocks that owner for its TTL.
     *
     * @param session the session
     * @param owner who takes the lease; one name per live holder, never shared by two that run at once
     * @param ttl how long the lease lives without renewal
     * @return the new lease with its fencing token, or empty when another owner holds the lease
     * @since 0.4 an owner takes its own lease again
     */
    Optional<Lease> tryAcquireLease(SessionId session, String owner, Duration ttl);

    /**
     * Who holds the session's lease right now, for messages and operators' tools: the holder's owner
     * name, fencing token and when the lease lapses unless renewed. Empty when nobody holds it or it has
     * lapsed. Read only; it takes, extends and fences nothing.
     *
     * @param session the session
     * @return the lease as stored, or empty when none is held; the default knows none
     * @since 0.5
     */
    default Optional<Lease> readLease(SessionId session) {
        return Optional.empty();
    }

    /**
     * Extends a lease still held; returns the renewed lease, or empty when it was lost.
     *
     * @param lease the lease to extend
     * @param ttl how long the renewed lease lives without another renewal
     * @return the renewed lease, or empty when the lease was lost
     */
    Optional<Lease> renewLease(Lease lease, Duration ttl);

    /**
     * Gives a lease back if still held; a lost lease is ignored.
     *
     * @param lease the lease to give back
     */
    void releaseLease(Lease lease);

    /**
     * One page of a user's published sessions with their heads, ordered by session id, read in one
     * pass: a provider returns each session's head with the page instead of leaving one head read per
     * session to the caller. Sessions whose head expired or was deleted are left out; every session whose
     * compare-and-set returned {@link HeadUpdate#PUBLISHED} must be listed, since garbage collection keeps
     * only what the kept snapshots of the listed sessions reference.
     *
     * @param userId the user whose sessions are listed
     * @param cursor {@code null} for the first page, else the {@link SessionPage#nextCursor()} of the
     *     page before: opaque to callers, who pass it back unchanged
     * @param limit at most this many items
     * @return the page, with the cursor of the next page when there is one
     */
    SessionPage<SessionHead> listSessions(String userId, @Nullable String cursor, int limit);

    /**
     * The users that have at least one session, in order, a page at a time: for operators' tools. It
     * may read the whole store's index of users (Redis scans its keys with {@code SCAN}) for every page.
     *
     * @param cursor {@code null} for the first page, else the {@link SessionPage#nextCursor()} of the
     *     previous one
     * @param limit the most users on the page
     * @return user ids, in order
     * @throws UnsupportedOperationException when the provider cannot list its users (the default)
     * @since 0.5
     */
    default SessionPage<String> listUsers(@Nullable String cursor, int limit) {
        throw new UnsupportedOperationException(describe() + " cannot list its users");
    }

    /**
     * Deletes every stored piece of the session that no other session can share: head, lease, index
     * entry, and its format-1 space if it has one. Blobs in the user's shared space stay for garbage
     * collection, which deletes them once no kept snapshot of another session references them. Fenced by
     * the lease: when {@code lease} is given, nothing is deleted unless it is the session's
     * current lease, checked atomically with the removal of the head. {@code null} only for providers
     * without leases. Lease tokens granted after a delete are still larger than every earlier one.
     *
     * @param session the session to delete
     * @param lease the lease that must be the session's current one, or {@code null} for providers without leases
     * @return whether a published head existed
     * @throws io.browserstate.api.SessionConflictException when {@code lease} is not the current lease
     */
    boolean deleteSession(SessionId session, @Nullable Lease lease);

    /** Releases connections. */
    @Override
    void close();
}
