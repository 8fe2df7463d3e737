package io.browserstate.api;

import java.util.Objects;

/**
 * What one garbage collection of a user's shared space found and did.
 *
 * @param userId the user whose space was collected
 * @param sessions sessions whose kept snapshots were read
 * @param snapshots kept snapshots read
 * @param blobsStored blobs the space held when the collection listed it
 * @param blobsReferenced of those, blobs a kept snapshot references
 * @param blobsDeleted blobs deleted
 * @param blobsInGrace unreferenced blobs kept because they were claimed within the grace period (a save
 *     or fork in flight may still reference them), or listed although their bytes were already gone
 *     (expired); a later collection deletes them
 * @since 0.3
 */
public record GarbageReport(String userId, long sessions, long snapshots, long blobsStored, long blobsReferenced, long blobsDeleted,
        long blobsInGrace) {
    /**
     * Checks the user id.
     *
     * @param userId the user
     * @param sessions sessions read
     * @param snapshots snapshots read
     * @param blobsStored blobs listed
     * @param blobsReferenced blobs referenced
     * @param blobsDeleted blobs deleted
     * @param blobsInGrace unreferenced blobs still in their grace period
     */
    public GarbageReport {
        Objects.requireNonNull(userId, "userId");
    }
}
