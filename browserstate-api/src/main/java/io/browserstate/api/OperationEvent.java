package io.browserstate.api;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One finished operation and its figures, for metrics and audit logs.
 *
 * @param operation what ran
 * @param session the session, or {@code null} for an operation on a whole user ({@code collectGarbage},
 *     {@code migrateFormat}, {@code rekey(user)})
 * @param backend the store's kind: the scheme of its URI ({@code redis}, {@code file}, {@code memory}...)
 * @param outcome how it ended
 * @param duration wall-clock time
 * @param bytesSent bytes written to the store
 * @param bytesReceived bytes read from the store
 * @param bytesReused bytes of the profile not sent again because the store had their chunks
 * @param chunksWritten blobs written to the store
 * @param blobsDeleted blobs the garbage collection deleted
 * @param failure what it threw, or {@code null}
 * @since 0.5
 */
public record OperationEvent(Operation operation, @Nullable SessionId session, String backend, Outcome outcome, Duration duration,
                             long bytesSent, long bytesReceived, long bytesReused, long chunksWritten, long blobsDeleted,
                             @Nullable Throwable failure) {
    /**
     * Checks the fields.
     *
     * @param operation what ran
     * @param session the session, or {@code null}
     * @param backend the store's kind
     * @param outcome how it ended
     * @param duration wall-clock time
     * @param bytesSent bytes written to the store
     * @param bytesReceived bytes read from the store
     * @param bytesReused bytes not sent again
     * @param chunksWritten blobs written
     * @param blobsDeleted blobs deleted by garbage collection
     * @param failure what it threw, or {@code null}
     */
    public OperationEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
    }
}
