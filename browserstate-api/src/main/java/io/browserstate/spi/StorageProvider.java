package io.browserstate.spi;

import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionPage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A store of sessions: content-addressed blobs, one head per session, leases and a catalogue.
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
     * Of the given ids, those the session does not hold.
     *
     * @param session the session the blobs belong to
     * @param ids the blob ids to look for
     * @return the ids among {@code ids} that are not stored
     */
    Set<String> missingBlobs(SessionId session, Collection<String> ids);

    /**
     * Stores blobs (idempotent: an id already present may be written again with the same bytes).
     *
     * @param session the session the blobs belong to
     * @param blobs the blobs to store
     */
    void putBlobs(SessionId session, List<Blob> blobs);

    /**
     * Reads blobs; the result has the order of {@code ids}, with {@code null} where a blob is missing.
     *
     * @param session the session the blobs belong to
     * @param ids the blob ids to read
     * @return one entry per id, in the same order: the stored bytes, or {@code null} when missing
     */
    List<byte @Nullable []> getBlobs(SessionId session, List<String> ids);

    /**
     * Every blob id the session holds (for garbage collection; may be slow).
     *
     * @param session the session
     * @return the ids of every blob stored for the session
     */
    Set<String> listBlobs(SessionId session);

    /**
     * Deletes blobs, but only while {@code lease} is the session's current lease (not released, not
     * lapsed, not taken over): the check and the deletion it guards are one atomic step (one script,
     * one lock), exactly like {@link #compareAndSetHead}, so that a writer that stalled past its lease
     * can never delete what the lease's next holder published or reuses. Missing ids are ignored. A
     * provider may delete in several atomic steps, each checking the lease.
     *
     * @param session the session the blobs belong to
     * @param ids the blob ids to delete
     * @param lease the lease that must be the session's current one
     * @return {@code true} when every id is gone; {@code false} when the lease was found not current,
     *     and from then on nothing was deleted
     * @since 0.2
     */
    boolean deleteBlobs(SessionId session, Collection<String> ids, Lease lease);

    /**
     * The session's head, or empty when the session has never been published (or was deleted).
     *
     * @param session the session
     * @return the current head, or empty when there is none
     */
    Optional<Head> readHead(SessionId session);

    /**
     * Publishes {@code next} atomically if the current head's version is {@code expectedVersion} (0: no
     * head yet) and, when {@code lease} is given, it is still the session's current lease.
     *
     * @param session the session
     * @param expectedVersion the version the current head must have; {@code 0} when there must be no head
     * @param next the head to publish
     * @param lease the lease that must be the session's current one, or {@code null} for no lease check
     * @return {@link HeadUpdate#PUBLISHED} when the head moved; otherwise why not (the version moved, or
     *     the lease is no longer current), the store unchanged. The version is checked first.
     */
    HeadUpdate compareAndSetHead(SessionId session, long expectedVersion, Head next, @Nullable Lease lease);

    /**
     * Records an access without publishing a new version (and refreshes a TTL when so configured).
     *
     * @param session the session
     * @param accessedAt the access time to record
     */
    void touch(SessionId session, Instant accessedAt);

    /**
     * Takes the session's lease if nobody holds it; empty when another owner does.
     *
     * @param session the session
     * @param owner who takes the lease; unique per holder
     * @param ttl how long the lease lives without renewal
     * @return the new lease with its fencing token, or empty when another owner holds the lease
     */
    Optional<Lease> tryAcquireLease(SessionId session, String owner, Duration ttl);

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
     * One page of a user's published sessions with their metadata, ordered by session id, read in one
     * pass: a provider returns each session's head fields with the page instead of leaving one head read
     * per session to the caller.
     *
     * @param userId the user whose sessions are listed
     * @param cursor {@code null} for the first page, else the {@link SessionPage#nextCursor()} of the
     *     page before: opaque to callers, who pass it back unchanged
     * @param limit at most this many items
     * @return the page, with the cursor of the next page when there is one
     */
    SessionPage<SessionInfo> listSessions(String userId, @Nullable String cursor, int limit);

    /**
     * Deletes every stored piece of the session: head, blobs, lease, index entry. Fenced like
     * {@link #deleteBlobs}: when {@code lease} is given, nothing is deleted unless it is the session's
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
