package io.browserstate.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What is known about a saved session without downloading its profile.
 *
 * @param id the session
 * @param version the head's version; increases by one on every published save
 * @param snapshotId the id of the current snapshot's manifest
 * @param createdAt when the session was first saved
 * @param updatedAt when the current snapshot was published
 * @param accessedAt when the session was last restored or saved
 * @param sizeBytes total bytes of the files in the current snapshot (uncompressed)
 * @param fileCount number of regular files in the current snapshot
 * @param browserVersion the browser that wrote the profile, when it was recorded
 * @param attributes free-form metadata recorded at save time
 * @since 0.1
 */
public record SessionInfo(
        SessionId id,
        long version,
        String snapshotId,
        Instant createdAt,
        Instant updatedAt,
        Instant accessedAt,
        long sizeBytes,
        long fileCount,
        @Nullable String browserVersion,
        Map<String, String> attributes) {

    /**
     * Copies {@code attributes}; {@code null} attributes become an empty map.
     *
     * @param id the session
     * @param version the head's version
     * @param snapshotId the id of the current snapshot's manifest
     * @param createdAt when the session was first saved
     * @param updatedAt when the current snapshot was published
     * @param accessedAt when the session was last restored or saved
     * @param sizeBytes total bytes of the files in the current snapshot (uncompressed)
     * @param fileCount number of regular files in the current snapshot
     * @param browserVersion the browser that wrote the profile, or {@code null} when not recorded
     * @param attributes free-form metadata recorded at save time, or {@code null} for none
     */
    public SessionInfo {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /**
     * The browser version recorded with the snapshot, if any.
     *
     * @return the browser version, or empty when none was recorded
     */
    public Optional<String> browser() {
        return Optional.ofNullable(browserVersion);
    }
}
