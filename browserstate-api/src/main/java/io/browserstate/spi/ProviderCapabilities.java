package io.browserstate.spi;

/**
 * What a provider supports, so that the engine and the compatibility kit know what to rely on.
 *
 * @param ttl sessions expire after a configured time-to-live (option {@code ttl})
 * @param leases leases with fencing tokens are enforced by the store
 * @param multiProcess several processes (or machines) may share the store safely
 * @param maxBlobBytes largest blob the provider accepts; the engine keeps chunks below it
 * @param preferredBatchBytes how many bytes the engine should send per {@code putBlobs}/{@code getBlobs}
 * @since 0.1
 */
public record ProviderCapabilities(boolean ttl, boolean leases, boolean multiProcess, long maxBlobBytes, int preferredBatchBytes) {
}
