package io.browserstate.tck;

import java.net.URI;
import io.browserstate.spi.KeyProvider;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The provider compatibility kit. A backend's test extends this class and says where its store is:
 *
 * <pre>{@code
 * class MyProviderTest extends StorageProviderCompatibilityKit {
 *     protected URI storageUri() { return URI.create("my://localhost/test"); }
 * }
 * }</pre>
 *
 * Each group is a file of its own ({@code RoundTripGroup}, {@code FencingGroup}, ...): plain tests that
 * receive a {@link KitStore} on the provider under test from the kit's resolver. Every group runs for
 * every provider; where a capability is absent the group checks that the provider says so honestly (e.g.
 * refuses a {@code ttl} option) instead of being skipped. {@code memory:} is the reference provider that
 * passes it all.
 *
 * @since 0.1
 */
@ExtendWith(KitResolver.class)
public abstract class StorageProviderCompatibilityKit {

    /**
     * The store under test. Each test uses fresh random user ids, so the store may be shared.
     *
     * @return the storage URI
     */
    protected abstract URI storageUri();

    /**
     * Provider options for every test (besides those in the URI).
     *
     * @return the provider options; none by default
     */
    protected Map<String, String> options() {
        return Map.of();
    }

    /**
     * The keys to run the whole kit under, with {@code encryption=aes-256-gcm}: override to run every
     * group encrypted (the {@code Encryption} group runs encrypted either way).
     *
     * @return a key provider, or {@code null} (the default) to run without encryption
     */
    protected @Nullable KeyProvider keyProvider() {
        return null;
    }

    /**
     * One new random key, for {@link #keyProvider()}: {@code return generatedKey();} runs the kit encrypted.
     *
     * @return a provider of one random 256-bit key, {@code kit}
     */
    protected static KeyProvider generatedKey() {
        byte[] key = java.util.Base64.getDecoder().decode(io.browserstate.core.KeyProviders.newKey());
        return io.browserstate.core.KeyProviders.of("kit", Map.of("kit", new javax.crypto.spec.SecretKeySpec(key, "AES")));
    }

    @Nested
    class RoundTrip implements RoundTripGroup {
    }

    @Nested
    class History implements HistoryGroup {
    }

    @Nested
    class Fork implements ForkGroup {
    }

    @Nested
    class ReadOnly implements ReadOnlyGroup {
    }

    @Nested
    class GcSafety implements GcSafetyGroup {
    }

    @Nested
    class Delta implements DeltaGroup {
    }

    @Nested
    class HeadCas implements HeadCasGroup {
    }

    @Nested
    class CrashSafety implements CrashSafetyGroup {
    }

    @Nested
    class Listing implements ListingGroup {
    }

    @Nested
    class Isolation implements IsolationGroup {
    }

    @Nested
    class Deletion implements DeletionGroup {
    }

    @Nested
    class Ttl implements TtlGroup {
    }

    @Nested
    class Leases implements LeasesGroup {
    }

    @Nested
    class Concurrency implements ConcurrencyGroup {
    }

    @Nested
    class Fencing implements FencingGroup {
    }

    @Nested
    class StaleSaves implements StaleSavesGroup {
    }

    @Nested
    class Names implements NamesGroup {
    }

    @Nested
    class EdgeCases implements EdgeCasesGroup {
    }

    @Nested
    class Discovery implements DiscoveryGroup {
    }

    @Nested
    class Encryption implements EncryptionGroup {
    }

    @Nested
    class Checkpoint implements CheckpointGroup {
    }
}
