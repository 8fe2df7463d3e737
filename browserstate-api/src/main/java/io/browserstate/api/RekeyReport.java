package io.browserstate.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link BrowserStateManager#rekey(String)} or {@link BrowserStateManager#rekey(SessionId)} did.
 *
 * @param userId the user whose sessions were examined
 * @param rekeyed sessions whose kept snapshots were rewritten under the current key by this run
 * @param alreadyCurrent sessions whose every kept snapshot was under the current key already
 * @param snapshotsRewritten kept snapshots rewritten (their manifests, chunks and records)
 * @param blobsWritten blobs written (chunks a session shares with another rewritten one are written once)
 * @param bytesWritten bytes of those blobs
 * @param notRekeyed sessions left as they were, each with the reason (a worker held the lease, a key was
 *     missing); run {@code rekey} again to finish them: sessions done already are skipped
 * @since 0.4
 */
public record RekeyReport(String userId, List<SessionId> rekeyed, long alreadyCurrent, long snapshotsRewritten, long blobsWritten,
        long bytesWritten, Map<SessionId, String> notRekeyed) {
    /**
     * Copies the collections.
     *
     * @param userId the user
     * @param rekeyed sessions rewritten
     * @param alreadyCurrent sessions already under the current key
     * @param snapshotsRewritten snapshots rewritten
     * @param blobsWritten blobs written
     * @param bytesWritten bytes written
     * @param notRekeyed sessions not rewritten, with reasons
     */
    public RekeyReport {
        Objects.requireNonNull(userId, "userId");
        rekeyed = List.copyOf(rekeyed);
        notRekeyed = Map.copyOf(notRekeyed);
    }

    /**
     * Whether every session examined is now under the current key.
     *
     * @return {@code true} when no session was left as it was
     */
    public boolean complete() {
        return notRekeyed.isEmpty();
    }
}
