package io.browserstate.api;

import java.util.Objects;

/**
 * How far a long operation has got: files and bytes done of the total known so far. During
 * {@link Phase#SCANNING} the totals grow; from {@link Phase#TRANSFERRING} on they are fixed.
 *
 * @param operation what runs
 * @param session the session it runs on
 * @param phase where it is
 * @param filesDone files fully read (save) or written (restore)
 * @param filesTotal files to do
 * @param bytesDone bytes of those files read or written
 * @param bytesTotal bytes to do
 * @since 0.5
 */
public record Progress(Operation operation, SessionId session, Phase phase, long filesDone, long filesTotal, long bytesDone,
                       long bytesTotal) {

    /** Where an operation is. */
    public enum Phase {
        /** Listing the directory (save) or reading the manifest (restore). */
        SCANNING,
        /** Reading, hashing, compressing and sending files (save); fetching, checking and writing chunks (restore). */
        TRANSFERRING,
        /** Publishing the new head by compare-and-set (save), moving the finished tree into place (restore). */
        PUBLISHING,
        /** Finished. */
        DONE
    }

    /**
     * Checks the fields.
     *
     * @param operation what runs
     * @param session the session it runs on
     * @param phase where it is
     * @param filesDone files done
     * @param filesTotal files to do
     * @param bytesDone bytes done
     * @param bytesTotal bytes to do
     */
    public Progress {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(phase, "phase");
    }

    /**
     * Bytes done as a fraction of the total, 0 to 1 (1 when there is nothing to do).
     *
     * @return the fraction done
     */
    public double fraction() {
        return bytesTotal <= 0 ? (phase == Phase.DONE ? 1 : 0) : Math.min(1, (double) bytesDone / bytesTotal);
    }
}
