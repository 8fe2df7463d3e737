package io.browserstate.core.memory;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageProviderFactory;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * The reference provider: sessions kept in this JVM's memory, {@code memory:<name>}. Providers opened
 * on the same name share one store until the JVM exits or {@link MemoryStorageProvider#clear(String)}
 * empties it. It enforces leases and fencing exactly like the persistent stores and runs the whole
 * compatibility kit, so it is the model to read before writing a provider, and what engine tests run on.
 * Capabilities: leases yes, several processes no, TTL no (a {@code ttl} option is refused).
 *
 * @since 0.2
 */
public final class MemoryStorageProviderFactory implements StorageProviderFactory {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public StorageProvider create(URI uri, Map<String, String> options) {
        String name = uri.getSchemeSpecificPart();
        if (name == null || name.isEmpty() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidConfigurationException("memory: URI '" + uri + "' needs a store name of letters, digits, '.', '_' or '-'"
                    + " (memory:tests)");
        }
        if (!options.isEmpty()) {
            throw new InvalidConfigurationException("the memory provider takes no options; refused: " + options.keySet());
        }
        return MemoryStorageProvider.open(name);
    }
}
