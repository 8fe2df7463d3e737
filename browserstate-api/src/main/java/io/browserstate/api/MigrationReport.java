package io.browserstate.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link BrowserStateManager#migrateFormat} did for one user.
 *
 * @param userId the user
 * @param migrated sessions moved from format 1 to format 2 by this run
 * @param alreadyCurrent sessions that were in format 2 already (a second run counts all of them here)
 * @param blobsCopied blobs copied into the user's shared space
 * @param bytesCopied bytes of those blobs
 * @param blobsDeleted format-1 blobs deleted after their session was migrated
 * @param notMigrated sessions left in format 1 this time, each with the reason (a worker held its lease,
 *     a blob was unreadable); run the migration again to finish them
 * @since 0.3
 */
public record MigrationReport(String userId, List<SessionId> migrated, long alreadyCurrent, long blobsCopied, long bytesCopied,
        long blobsDeleted, Map<SessionId, String> notMigrated) {
    /**
     * Copies the collections.
     *
     * @param userId the user
     * @param migrated sessions migrated
     * @param alreadyCurrent sessions already in format 2
     * @param blobsCopied blobs copied
     * @param bytesCopied bytes copied
     * @param blobsDeleted format-1 blobs deleted
     * @param notMigrated sessions not migrated, with reasons
     */
    public MigrationReport {
        Objects.requireNonNull(userId, "userId");
        migrated = List.copyOf(migrated);
        notMigrated = Map.copyOf(notMigrated);
    }
}
