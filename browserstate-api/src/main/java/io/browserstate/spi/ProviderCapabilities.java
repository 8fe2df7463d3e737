package io.browserstate.spi;

/**
 * What a provider supports, so that the engine and the compatibility kit know what to rely on. Build it
 * with {@link #builder()}: a capability added later then starts at its default without breaking any
 * provider.
 *
 * @param ttl sessions expire after a configured time-to-live (option {@code ttl})
 * @param leases leases with fencing tokens are enforced by the store
 * @param multiProcess several processes (or machines) may share the store safely
 * @param maxBlobBytes largest blob the provider accepts ({@code 0}: no limit); the engine keeps chunks
 *     and manifest parts below it
 * @param preferredBatchBytes how many bytes the engine sends per {@code putBlobs}/{@code getBlobs}
 *     ({@code 0}: the engine's default, {@value #DEFAULT_BATCH_BYTES}); honoured as declared
 * @since 0.1
 */
public record ProviderCapabilities(boolean ttl, boolean leases, boolean multiProcess, long maxBlobBytes, int preferredBatchBytes) {

    /** The batch size the engine uses when a provider states none. */
    public static final int DEFAULT_BATCH_BYTES = 4 * 1024 * 1024;

    /**
     * Checks that the sizes are not negative.
     *
     * @param ttl sessions expire after a configured time-to-live
     * @param leases leases with fencing tokens are enforced by the store
     * @param multiProcess several processes (or machines) may share the store safely
     * @param maxBlobBytes largest blob the provider accepts ({@code 0}: no limit)
     * @param preferredBatchBytes how many bytes the engine sends per batch ({@code 0}: the engine's default)
     * @throws IllegalArgumentException when {@code maxBlobBytes} or {@code preferredBatchBytes} is negative
     */
    public ProviderCapabilities {
        if (maxBlobBytes < 0 || preferredBatchBytes < 0) {
            throw new IllegalArgumentException("maxBlobBytes and preferredBatchBytes must be 0 (unset) or positive");
        }
    }

    /**
     * A builder that starts from nothing supported: no TTL, no leases, one process, no blob limit, the
     * default batch size.
     *
     * @return a new builder
     * @since 0.2
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link ProviderCapabilities}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private boolean ttl;
        private boolean leases;
        private boolean multiProcess;
        private long maxBlobBytes;
        private int preferredBatchBytes;

        private Builder() {
        }

        /**
         * Sessions expire after the {@code ttl} option.
         *
         * @param v whether sessions expire
         * @return this builder
         */
        public Builder ttl(boolean v) { this.ttl = v; return this; }

        /**
         * Leases with fencing tokens are enforced, atomically with every head update and delete.
         *
         * @param v whether leases are enforced
         * @return this builder
         */
        public Builder leases(boolean v) { this.leases = v; return this; }

        /**
         * Several processes or machines may share the store.
         *
         * @param v whether the store may be shared
         * @return this builder
         */
        public Builder multiProcess(boolean v) { this.multiProcess = v; return this; }

        /**
         * The largest blob accepted.
         *
         * @param v the size in bytes, or {@code 0} for no limit
         * @return this builder
         */
        public Builder maxBlobBytes(long v) { this.maxBlobBytes = v; return this; }

        /**
         * Bytes per {@code putBlobs}/{@code getBlobs} call.
         *
         * @param v the batch size in bytes, or {@code 0} for the engine's default
         * @return this builder
         */
        public Builder preferredBatchBytes(int v) { this.preferredBatchBytes = v; return this; }

        /**
         * Builds the capabilities from the values set so far.
         *
         * @return the capabilities
         * @throws IllegalArgumentException when a size is negative
         */
        public ProviderCapabilities build() {
            return new ProviderCapabilities(ttl, leases, multiProcess, maxBlobBytes, preferredBatchBytes);
        }
    }
}
