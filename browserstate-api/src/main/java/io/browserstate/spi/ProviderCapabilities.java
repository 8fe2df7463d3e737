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

    public ProviderCapabilities {
        if (maxBlobBytes < 0 || preferredBatchBytes < 0) {
            throw new IllegalArgumentException("maxBlobBytes and preferredBatchBytes must be 0 (unset) or positive");
        }
    }

    /**
     * A builder that starts from nothing supported: no TTL, no leases, one process, no blob limit, the
     * default batch size.
     *
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

        /** Sessions expire after the {@code ttl} option. */
        public Builder ttl(boolean v) { this.ttl = v; return this; }

        /** Leases with fencing tokens are enforced, atomically with every head update and delete. */
        public Builder leases(boolean v) { this.leases = v; return this; }

        /** Several processes or machines may share the store. */
        public Builder multiProcess(boolean v) { this.multiProcess = v; return this; }

        /** The largest blob accepted. */
        public Builder maxBlobBytes(long v) { this.maxBlobBytes = v; return this; }

        /** Bytes per {@code putBlobs}/{@code getBlobs} call. */
        public Builder preferredBatchBytes(int v) { this.preferredBatchBytes = v; return this; }

        public ProviderCapabilities build() {
            return new ProviderCapabilities(ttl, leases, multiProcess, maxBlobBytes, preferredBatchBytes);
        }
    }
}
