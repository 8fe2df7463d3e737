package io.browserstate.spi;

/**
 * What a head compare-and-set did (after JGit's {@code RefUpdate.Result}): a caller that knows why
 * nothing moved can say so, instead of guessing between "someone else saved" and "the lease is gone".
 *
 * @since 0.2
 */
public enum HeadUpdate {
    /** The head was moved to the new version. */
    PUBLISHED,
    /** Nothing changed: the current head's version was not the expected one (another writer published). */
    VERSION_MOVED,
    /** Nothing changed: the lease given is not (any more) the session's current lease. */
    LEASE_LOST,
    /**
     * Nothing changed: the store's clock had passed the publish deadline, so a garbage collection that
     * started meanwhile may have collected blobs the new head needs. The caller claims them again and
     * retries.
     *
     * @since 0.3
     */
    DEADLINE_PASSED;

    /**
     * Whether the head was moved.
     *
     * @return {@code true} only for {@link #PUBLISHED}
     */
    public boolean published() {
        return this == PUBLISHED;
    }
}
