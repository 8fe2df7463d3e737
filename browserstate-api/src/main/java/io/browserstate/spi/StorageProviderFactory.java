package io.browserstate.spi;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Opens providers for URI schemes. Registered in
 * {@code META-INF/services/io.browserstate.spi.StorageProviderFactory}; a scheme may be claimed by
 * one factory only.
 *
 * @since 0.1
 */
public interface StorageProviderFactory {

    /**
     * A short name for messages, e.g. {@code redis}.
     *
     * @return the factory's name
     */
    String name();

    /**
     * The URI schemes this factory opens, lower case.
     *
     * @return the schemes
     */
    Set<String> schemes();

    /**
     * The option names this factory understands (from the URI query or the options map).
     *
     * @return the option names
     */
    Set<String> options();

    /**
     * Engine option defaults this backend wants, e.g. a {@code maxFileSize}; applied unless the user
     * sets the option.
     *
     * @return engine option names mapped to values; empty unless overridden
     */
    default Map<String, String> engineDefaults() {
        return Map.of();
    }

    /**
     * Opens a provider.
     *
     * @param uri the storage URI (engine options already removed from its query)
     * @param options this factory's options, from the URI query and from configuration
     * @return an open provider; the caller closes it
     * @throws io.browserstate.api.InvalidConfigurationException listing every invalid option
     * @throws io.browserstate.api.StorageException when the store cannot be reached
     */
    StorageProvider create(URI uri, Map<String, String> options);
}
