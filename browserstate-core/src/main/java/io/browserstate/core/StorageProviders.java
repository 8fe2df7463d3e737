package io.browserstate.core;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.core.internal.Discovery;
import io.browserstate.core.internal.OptionValues;
import io.browserstate.spi.Redaction;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageProviderFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds storage providers through {@code ServiceLoader} by URI scheme. An unknown scheme fails with the
 * list of registered ones; two factories claiming one scheme fail naming both; a broken registration
 * is reported. Nothing is cached between calls.
 *
 * @since 0.1
 */
public final class StorageProviders {
    private StorageProviders() {
    }

    /**
     * Every registered factory by scheme, from the context class loader (or this library's).
     *
     * @return the factories, keyed by lower-case scheme
     */
    public static Map<String, StorageProviderFactory> factories() {
        return factories(defaultLoader());
    }

    /**
     * Every registered factory by scheme visible to {@code loader}.
     *
     * @param loader the class loader to look up registrations in
     * @return the factories, keyed by lower-case scheme
     */
    public static Map<String, StorageProviderFactory> factories(ClassLoader loader) {
        return Discovery.byName(StorageProviderFactory.class, loader, StorageProviderFactory::schemes);
    }

    /**
     * The factory for the URI's scheme.
     *
     * @param uri the storage URI
     * @return the registered factory claiming the URI's scheme
     * @throws InvalidConfigurationException when the URI has no scheme or no factory claims it
     */
    public static StorageProviderFactory factoryFor(URI uri) {
        return factoryFor(uri, factories());
    }

    static StorageProviderFactory factoryFor(URI uri, Map<String, StorageProviderFactory> factories) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new InvalidConfigurationException("Storage URI '" + redact(uri) + "' has no scheme; registered schemes: "
                    + new TreeSet<>(factories.keySet()));
        }
        StorageProviderFactory factory = factories.get(scheme.toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new InvalidConfigurationException("No storage provider for scheme '" + scheme + "' (URI " + redact(uri)
                    + "); registered schemes: " + new TreeSet<>(factories.keySet())
                    + ". Add the provider's module (e.g. browserstate-redis) to the class path.");
        }
        return factory;
    }

    /**
     * Opens a provider. {@code options} and the URI's query may hold only the factory's own options.
     *
     * @param uri the storage URI
     * @param options the factory's options; they win over the URI's query
     * @return a new provider; the caller closes it
     * @throws InvalidConfigurationException listing every unknown or invalid option
     */
    public static StorageProvider open(URI uri, Map<String, String> options) {
        StorageProviderFactory factory = factoryFor(uri);
        Map<String, String> merged = new LinkedHashMap<>(OptionValues.query(uri));
        merged.putAll(options);
        List<String> problems = new ArrayList<>();
        for (String key : merged.keySet()) {
            if (!factory.options().contains(key)) {
                problems.add("option '" + key + "' is not understood by the " + factory.name() + " provider; it understands "
                        + new TreeSet<>(factory.options()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return factory.create(uri, merged);
    }

    /**
     * The URI with any password replaced by {@code ***}, for messages ({@link Redaction#uri}).
     *
     * @param uri the URI to print
     * @return the URI as text, password masked
     */
    public static String redact(URI uri) {
        return Redaction.uri(uri.toString());
    }

    static ClassLoader defaultLoader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : StorageProviders.class.getClassLoader();
    }
}
