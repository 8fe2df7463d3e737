package io.browserstate.spi;

import io.browserstate.api.SessionId;
import io.browserstate.api.StorageException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An optional base for providers: the argument checks every provider owes its callers and a guard that
 * refuses calls after {@link #close()}, so that a provider's own code does only the backend's part.
 * Extending it is not required; the compatibility kit checks the same behaviour either way.
 *
 * @since 0.2
 */
public abstract class AbstractStorageProvider implements StorageProvider {
    private volatile boolean closed;

    /** Creates an open provider. */
    protected AbstractStorageProvider() {
    }

    /**
     * Refuses a call on a closed provider.
     *
     * @throws StorageException naming the store when {@link #close()} was called
     */
    protected final void checkOpen() {
        if (closed) {
            throw new StorageException(describe() + ": the provider is closed");
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once the provider is closed
     */
    protected final boolean isClosed() {
        return closed;
    }

    /**
     * Checks blobs before they are stored: a shared space, valid ids, and no blob larger than
     * {@link ProviderCapabilities#maxBlobBytes()}.
     *
     * @param space where the blobs are to be stored
     * @param blobs the blobs to store
     * @throws IllegalArgumentException naming the first offending blob; nothing may be stored then
     */
    protected final void checkBlobs(BlobSpace space, List<Blob> blobs) {
        checkWritable(space);
        long max = capabilities().maxBlobBytes();
        for (Blob b : blobs) {
            BlobIds.check(b.id());
            if (max > 0 && b.data().length > max) {
                throw new IllegalArgumentException("Blob " + b.id() + " for " + space + " is " + b.data().length
                        + " bytes; " + describe() + " takes at most " + max);
            }
        }
    }

    /**
     * Refuses to write into a format-1 space: those are only read, listed and deleted.
     *
     * @param space the space about to be written
     * @throws IllegalArgumentException when {@code space} is not a shared space
     * @since 0.3
     */
    protected static void checkWritable(BlobSpace space) {
        space.requireWritable();
    }

    /**
     * Checks blob ids.
     *
     * @param ids the ids to check
     * @throws IllegalArgumentException naming the first id that is not 64 lower-case hex characters
     */
    protected static void checkIds(Collection<String> ids) {
        ids.forEach(BlobIds::check);
    }

    /**
     * Checks that {@code lease}, when given, is a lease of {@code session}.
     *
     * @param session the session a call is about
     * @param lease the lease it carries, or {@code null} when the call takes none
     * @throws IllegalArgumentException when the lease belongs to another session
     */
    protected static void checkLease(SessionId session, @Nullable Lease lease) {
        if (lease != null && !lease.sessionId().equals(session)) {
            throw new IllegalArgumentException("The lease is for session " + lease.sessionId() + ", not " + session);
        }
    }

    /**
     * Checks the arguments of {@link #tryAcquireLease}.
     *
     * @param owner the lease's owner
     * @param ttl the lease's time to live
     * @throws IllegalArgumentException when the owner is empty or the TTL is under 1 ms
     */
    protected static void checkLeaseRequest(@Nullable String owner, @Nullable Duration ttl) {
        if (owner == null || owner.isEmpty()) {
            throw new IllegalArgumentException("A lease owner must be a non-empty string");
        }
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("A lease TTL must be at least 1 ms, was " + ttl);
        }
    }

    /**
     * Checks a page request of {@link #listSessions}.
     *
     * @param userId the user whose sessions are listed
     * @param limit the page size
     * @throws io.browserstate.api.InvalidSessionIdException when the user id is not valid
     * @throws IllegalArgumentException when the limit is under 1
     */
    protected static void checkPage(String userId, int limit) {
        SessionId.validate("userId", userId);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    /**
     * Marks the provider closed, then releases its resources through {@link #closeResources()}. Closing
     * twice is harmless.
     */
    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            closeResources();
        }
    }

    /** Releases what the provider holds (connections, files); called once, by {@link #close()}. */
    protected void closeResources() {
    }

    /**
     * Requires a non-null argument.
     *
     * @param <T> the argument's type
     * @param value the argument
     * @param name its name, for the message
     * @return {@code value}
     */
    protected static <T> T require(T value, String name) {
        return Objects.requireNonNull(value, name);
    }
}
