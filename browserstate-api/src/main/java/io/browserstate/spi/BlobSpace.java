package io.browserstate.spi;

import io.browserstate.api.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * Where a blob lives. Since format 2 every session of a user stores its chunks, manifests and
 * snapshot records in the user's shared space, so that a session forked from another, or saved with
 * mostly the same bytes, stores those bytes once. Sessions written in format 1 keep their blobs in a
 * space of their own until {@code migrateFormat} moves them; the engine only reads, lists and deletes
 * such spaces.
 *
 * <p>The space is the unit of sharing and of garbage collection: a blob is deleted only when no kept
 * snapshot of any session in its space references it and it was not claimed within the grace period.
 *
 * @param userId the user whose space it is
 * @param sessionId {@code null} for the user's shared space; the session's id for a format-1 space
 * @since 0.3
 */
public record BlobSpace(String userId, @Nullable String sessionId) {

    /**
     * Validates both parts with {@link SessionId}'s rules.
     *
     * @param userId the user whose space it is
     * @param sessionId {@code null} for the shared space, else the session of a format-1 space
     */
    public BlobSpace {
        SessionId.validate("userId", userId);
        if (sessionId != null) {
            SessionId.validate("sessionId", sessionId);
        }
    }

    /**
     * The space every format-2 session of {@code userId} shares.
     *
     * @param userId the user
     * @return the user's shared space
     */
    public static BlobSpace shared(String userId) {
        return new BlobSpace(userId, null);
    }

    /**
     * The space of one format-1 session, which holds its blobs until the session is migrated.
     *
     * @param id the session
     * @return the session's own space
     */
    public static BlobSpace ofSession(SessionId id) {
        return new BlobSpace(id.userId(), id.sessionId());
    }

    /**
     * Whether this is a user's shared space (format 2).
     *
     * @return {@code true} for the shared space, {@code false} for a format-1 session's own
     */
    public boolean isShared() {
        return sessionId == null;
    }

    /**
     * Refuses a space that may not be written: blobs are written only into shared spaces since format 2,
     * and a format-1 space is only read, listed and deleted. For providers' {@code claimBlobs} and
     * {@code putBlobs}.
     *
     * @return this space
     * @throws IllegalArgumentException when this is a format-1 space
     */
    public BlobSpace requireWritable() {
        if (sessionId != null) {
            throw new IllegalArgumentException("Blobs are written only into shared spaces since format 2; " + this
                    + " is read, listed and deleted only");
        }
        return this;
    }

    /**
     * The session of a format-1 space.
     *
     * @return the session whose own space this is
     * @throws IllegalStateException for a shared space
     */
    public SessionId session() {
        if (sessionId == null) {
            throw new IllegalStateException(this + " is a shared space, not one session's");
        }
        return SessionId.of(userId, sessionId);
    }

    /**
     * For messages: {@code "the shared space of user alice"} or {@code "the format-1 space of session alice/s1"}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return sessionId == null ? "the shared space of user " + userId : "the format-1 space of session " + userId + "/" + sessionId;
    }
}
