package io.browserstate.api;

/**
 * How an operation ended, by the exception it threw: the few cases an operator counts apart.
 *
 * @since 0.5
 */
public enum Outcome {
    /** It completed. */
    SUCCESS,
    /** {@link SessionConflictException}: a lease held elsewhere, a stale base, a lost lease. */
    CONFLICT,
    /** {@link SessionNotFoundException}. */
    NOT_FOUND,
    /** {@link CorruptDataException}: stored data failed its checks (nothing was written to the target). */
    CORRUPT,
    /** Anything else: the store unreachable, the local disk, a missing key, bad input. */
    FAILED;

    /**
     * The outcome an exception stands for.
     *
     * @param failure what the operation threw, or {@code null} when it completed
     * @return the outcome
     */
    public static Outcome of(@org.jspecify.annotations.Nullable Throwable failure) {
        if (failure == null) {
            return SUCCESS;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SessionConflictException) {
                return CONFLICT;
            }
            if (t instanceof SessionNotFoundException) {
                return NOT_FOUND;
            }
            if (t instanceof CorruptDataException) {
                return CORRUPT;
            }
        }
        return FAILED;
    }
}
