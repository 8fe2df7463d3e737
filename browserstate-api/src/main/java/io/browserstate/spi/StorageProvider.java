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

    /** What this provider supports. */
    ProviderCapabilities capabilities();

    /** A description for messages, with no credentials: e.g. {@code redis://host:6379/0}. */
    String describe();

    /** Of the given ids, those the session does not hold. */
    Set<String> missingBlobs(SessionId session, Collection<String> ids);

    /** Stores blobs (idempotent: an id already present may be written again with the same bytes). */
    void putBlobs(SessionId session, List<Blob> blobs);

    /** Reads blobs; the result has the order of {@code ids}, with {@code null} where a blob is missing. */
    List<byte[]> getBlobs(SessionId session, List<String> ids);

    /** Every blob id the session holds (for garbage collection; may be slow). */
    Set<String> listBlobs(SessionId session);

    /**
     * Deletes blobs, but only while {@code lease} is the session's current lease (not released, not
     * lapsed, not taken over): the check and the deletion it guards are one atomic step (one script,
     * one lock), exactly like {@link #compareAndSetHead}, so that a writer that stalled past its lease
     * can never delete what the lease's next holder published or reuses. Missing ids are ignored. A
     * provider may delete in several atomic steps, each checking the lease.
     *
     * @return {@code true} when every id is gone; {@code false} when the lease was found not current,
     *     and from then on nothing was deleted
     * @since 0.2
     */
    boolean deleteBlobs(SessionId session, Collection<String> ids, Lease lease);

    /** The session's head, or empty when the session has never been published (or was deleted). */
    Optional<Head> readHead(SessionId session);

    /**
     * Publishes {@code next} atomically if the current head's version is {@code expectedVersion} (0: no
     * head yet) and, when {@code lease} is given, it is still the session's current lease.
     *
     * @return {@link HeadUpdate#PUBLISHED} when the head moved; otherwise why not (the version moved, or
     *     the lease is no longer current), the store unchanged. The version is checked first.
     */
    HeadUpdate compareAndSetHead(SessionId session, long expectedVersion, Head next, Lease lease);

    /** Records an access without publishing a new version (and refreshes a TTL when so configured). */
    void touch(SessionId session, Instant accessedAt);

    /** Takes the session's lease if nobody holds it; empty when another owner does. */
    Optional<Lease> tryAcquireLease(SessionId session, String owner, Duration ttl);

    /** Extends a lease still held; returns the renewed lease, or empty when it was lost. */
    Optional<Lease> renewLease(Lease lease, Duration ttl);

    /** Gives a lease back if still held; a lost lease is ignored. */
    void releaseLease(Lease lease);

    /**
     * One page of a user's published sessions with their metadata, ordered by session id, read in one
     * pass: a provider returns each session's head fields with the page instead of leaving one head read
     * per session to the caller.
     *
     * @param cursor {@code null} for the first page, else the {@link SessionPage#nextCursor()} of the
     *     page before: opaque to callers, who pass it back unchanged
     */
    SessionPage<SessionInfo> listSessions(String userId, String cursor, int limit);

    /**
     * Deletes every stored piece of the session: head, blobs, lease, index entry. Fenced like
     * {@link #deleteBlobs}: when {@code lease} is given, nothing is deleted unless it is the session's
     * current lease, checked atomically with the removal of the head. {@code null} only for providers
     * without leases. Lease tokens granted after a delete are still larger than every earlier one.
     *
     * @return whether a published head existed
     * @throws io.browserstate.api.SessionConflictException when {@code lease} is not the current lease
     */
    boolean deleteSession(SessionId session, Lease lease);

    /** Releases connections. */
    @Override
    void close();
}
