package io.browserstate.spi;

import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one mutable record of a session: which snapshot is current, its version, the kept older
 * snapshots and the current snapshot's metadata. Providers persist every field and return it unchanged.
 *
 * <p>Two formats: a format-2 head (since 0.3) names its current snapshot record ({@code snapshotId}),
 * its history lists snapshot record ids and every blob it references lives in the user's shared
 * {@link BlobSpace}; a format-1 head has no snapshot record, its history lists manifest ids and its
 * blobs live in the session's own space.
 *
 * @param version increases by one with every published save; the first save publishes 1
 * @param manifestId blob id of the current manifest
 * @param snapshotId blob id of the current snapshot record (format 2), or {@code null} (format 1)
 * @param history older kept snapshots, newest first: snapshot record ids (format 2) or manifest ids (format 1)
 * @param createdAt when version 1 was published
 * @param updatedAt when this version was published
 * @param accessedAt when the session was last restored or saved
 * @param sizeBytes file bytes in the current snapshot
 * @param fileCount regular files in the current snapshot
 * @param browserVersion browser that wrote the profile, or {@code null}
 * @param attributes free-form metadata
 * @since 0.1
 */
public record Head(
        long version,
        String manifestId,
        @Nullable String snapshotId,
        List<String> history,
        Instant createdAt,
        Instant updatedAt,
        Instant accessedAt,
        long sizeBytes,
        long fileCount,
        @Nullable String browserVersion,
        Map<String, String> attributes) {

    /**
     * Checks the fields and copies {@code history} and {@code attributes} ({@code null} attributes become an
     * empty map).
     *
     * @param version the head's version; at least 1
     * @param manifestId blob id of the current manifest
     * @param snapshotId blob id of the current snapshot record, or {@code null} for a format-1 head
     * @param history older kept snapshots, newest first
     * @param createdAt when version 1 was published
     * @param updatedAt when this version was published
     * @param accessedAt when the session was last restored or saved
     * @param sizeBytes file bytes in the current snapshot
     * @param fileCount regular files in the current snapshot
     * @param browserVersion browser that wrote the profile, or {@code null}
     * @param attributes free-form metadata, or {@code null} for none
     * @throws IllegalArgumentException when {@code version} is below 1 or an id is not a blob id
     * @throws NullPointerException when {@code history} or one of the times is {@code null}
     */
    public Head {
        if (version < 1) {
            throw new IllegalArgumentException("A published head has version >= 1, was " + version);
        }
        BlobIds.check(manifestId);
        if (snapshotId != null) {
            BlobIds.check(snapshotId);
        }
        history = List.copyOf(history);
        history.forEach(BlobIds::check);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(accessedAt, "accessedAt");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /**
     * This head with another access time.
     *
     * @param when the new access time
     * @return a copy of this head with {@code accessedAt} set to {@code when}
     */
    public Head withAccessedAt(Instant when) {
        return new Head(version, manifestId, snapshotId, history, createdAt, updatedAt, when, sizeBytes, fileCount,
                browserVersion, attributes);
    }

    /**
     * The head's format: 2 when it names a snapshot record, else 1.
     *
     * @return 1 or 2
     * @since 0.3
     */
    public int format() {
        return snapshotId == null ? 1 : 2;
    }

    /**
     * Where the blobs this head references live: the user's shared space (format 2) or the session's own (format 1).
     *
     * @param id the session this head belongs to
     * @return the space to read this head's blobs from
     * @since 0.3
     */
    public BlobSpace space(SessionId id) {
        return snapshotId == null ? BlobSpace.ofSession(id) : BlobSpace.shared(id.userId());
    }

    /**
     * The user-facing view of this head.
     *
     * @param id the session this head belongs to
     * @return the session's metadata; its snapshot id is this head's manifest id
     */
    public SessionInfo toInfo(SessionId id) {
        return new SessionInfo(id, version, manifestId, createdAt, updatedAt, accessedAt, sizeBytes, fileCount,
                browserVersion, attributes);
    }
}
