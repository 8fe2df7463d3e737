package io.browserstate.api;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one user's sessions hold and what the store spends on them: for operators. Logical bytes are
 * what restores write (before compression); stored bytes are the blobs' values as the store keeps them
 * (after compression and encryption, without keys or the store's own overhead).
 *
 * @param userId the user
 * @param sessions the user's sessions
 * @param legacySessions of those, sessions still in format 1 (their own blob space, left out of every
 *     byte figure below; {@link BrowserStateManager#migrateFormat} moves them)
 * @param snapshots kept snapshots of the format-2 sessions, current ones included
 * @param files files in the current snapshots
 * @param bytes logical bytes of the current snapshots: what restoring each session once writes
 * @param keptBytes logical bytes of every kept snapshot, as if each were stored on its own
 * @param uniqueBytes logical bytes of the distinct chunks the kept snapshots reference: what is left
 *     after sharing between versions, sessions and files, before compression
 * @param blobsStored blobs the user's shared space holds
 * @param blobsReferenced of those, blobs a kept snapshot references (chunks, manifests, records)
 * @param bytesStored stored bytes of all the space's blobs, or empty when the provider cannot tell
 * @param bytesReferenced stored bytes of the referenced blobs, or empty when the provider cannot tell;
 *     the rest is garbage that {@link BrowserStateManager#collectGarbage} deletes once its grace period ends
 * @since 0.5
 */
public record StoreUsage(String userId, long sessions, long legacySessions, long snapshots, long files, long bytes, long keptBytes,
        long uniqueBytes, long blobsStored, long blobsReferenced, OptionalLong bytesStored, OptionalLong bytesReferenced) {

    /**
     * Checks the fields.
     *
     * @param userId the user
     * @param sessions sessions
     * @param legacySessions format-1 sessions
     * @param snapshots kept snapshots
     * @param files files in the current snapshots
     * @param bytes logical bytes of the current snapshots
     * @param keptBytes logical bytes of all kept snapshots
     * @param uniqueBytes logical bytes of the distinct chunks
     * @param blobsStored blobs held
     * @param blobsReferenced blobs referenced
     * @param bytesStored stored bytes of all blobs
     * @param bytesReferenced stored bytes of the referenced blobs
     */
    public StoreUsage {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(bytesStored, "bytesStored");
        Objects.requireNonNull(bytesReferenced, "bytesReferenced");
    }

    /**
     * How many logical bytes of kept snapshots each stored byte serves: {@code keptBytes / bytesReferenced}.
     * Sharing between versions and sessions and compression both raise it; 1 means neither helped.
     *
     * @return the ratio, or empty when the stored bytes are unknown or nothing is stored
     */
    public OptionalDouble sharingRatio() {
        if (bytesReferenced.isEmpty() || bytesReferenced.getAsLong() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) keptBytes / bytesReferenced.getAsLong());
    }
}
