package io.browserstate.core;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.core.internal.Codecs;
import io.browserstate.core.internal.DefaultBrowserStateManager;
import io.browserstate.core.internal.EngineOptions;
import io.browserstate.core.internal.OptionValues;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageProviderFactory;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates {@link BrowserStateManager}s: from configuration (the provider found by URI scheme), or from
 * a provider instance with no discovery at all.
 *
 * <pre>{@code
 * try (BrowserStateManager states = BrowserState.open("redis://localhost:6379/0?ttl=7d");
 *      MountedSession s = states.mount(SessionId.of("alice", "checkout"))) {
 *     // launch the browser on s.directory(), use it, close it; then s.close() saves
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class BrowserState {
    private BrowserState() {
    }

    /**
     * Opens the store named by the URI; its query may carry engine and provider options.
     *
     * @param storageUri the storage URI, e.g. {@code redis://localhost:6379/0?ttl=7d}
     * @return a manager over the store; closing it closes the provider
     */
    public static BrowserStateManager open(String storageUri) {
        return open(BrowserStateConfig.of(storageUri));
    }

    /**
     * Opens the store named by the URI with further options (which win over the URI's query).
     *
     * @param storageUri the storage URI; its query may carry options too
     * @param options further engine and provider options
     * @return a manager over the store; closing it closes the provider
     */
    public static BrowserStateManager open(URI storageUri, Map<String, String> options) {
        return open(new BrowserStateConfig(storageUri, options));
    }

    /**
     * Opens the configured store.
     *
     * @param config the storage URI and options
     * @return a manager over the store; closing it closes the provider
     * @throws InvalidConfigurationException listing every problem of the configuration at once
     */
    public static BrowserStateManager open(BrowserStateConfig config) {
        ResolvedConfig resolved = resolve(config);
        return managerOver(resolved.openProvider(), resolved.engineOptions(), Codecs.load(StorageProviders.defaultLoader()));
    }

    /**
     * Checks a configuration and splits it into the provider's part and the engine's part, without
     * connecting to anything. Useful to wire the pieces yourself (e.g. in a DI container).
     *
     * @param config the storage URI and options
     * @return the checked configuration, split into the provider's part and the engine's part
     * @throws InvalidConfigurationException listing every problem of the configuration at once
     */
    public static ResolvedConfig resolve(BrowserStateConfig config) {
        ClassLoader loader = StorageProviders.defaultLoader();
        URI uri = config.storageUri();
        Map<String, StorageProviderFactory> factories = StorageProviders.factories(loader);
        StorageProviderFactory factory = StorageProviders.factoryFor(uri, factories);
        Map<String, String> all = new LinkedHashMap<>(OptionValues.query(uri));
        all.putAll(config.options());
        Map<String, String> engine = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> providerOptions = StorageProviders.split(all, factory, factories, EngineOptions.NAMES, engine, problems);
        Map<String, String> defaults = new LinkedHashMap<>(factory.engineDefaults());
        defaults.keySet().removeAll(engine.keySet());
        BrowserStateOptions options = EngineOptions.apply(BrowserStateOptions.defaults(), defaults, problems);
        options = EngineOptions.apply(options, engine, problems);
        Codecs codecs = Codecs.load(loader);
        EngineOptions.checkCodecs(engine.getOrDefault("compression", defaults.getOrDefault("compression", options.compression())), codecs,
                problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        Map<String, String> queryForProvider = new LinkedHashMap<>(OptionValues.query(uri));
        queryForProvider.keySet().retainAll(factory.options());
        return new ResolvedConfig(factory, OptionValues.withQuery(uri, queryForProvider), providerOptions, options);
    }

    /**
     * A checked configuration: the provider's factory, URI and options, and the engine options.
     *
     * @param factory the factory claiming the URI's scheme
     * @param providerUri the storage URI with engine options removed from its query
     * @param providerOptions the options for the provider
     * @param engineOptions the engine options, provider defaults applied
     * @since 0.1
     */
    public record ResolvedConfig(StorageProviderFactory factory, URI providerUri, Map<String, String> providerOptions,
                                 BrowserStateOptions engineOptions) {
        /**
         * A checked configuration; {@code providerOptions} is copied.
         *
         * @param factory the factory claiming the URI's scheme
         * @param providerUri the storage URI with engine options removed from its query
         * @param providerOptions the options for the provider
         * @param engineOptions the engine options, provider defaults applied
         */
        public ResolvedConfig {
            providerOptions = Map.copyOf(providerOptions);
        }

        /**
         * Connects a new provider; the caller closes it (or hands it to {@link BrowserState#create}).
         *
         * @return a new provider over the configured store
         */
        public StorageProvider openProvider() {
            return factory.create(providerUri, providerOptions);
        }
    }

    /**
     * Opens the store configured by {@code BROWSERSTATE_URI} and {@code BROWSERSTATE_OPTIONS}.
     *
     * @return a manager over the store; closing it closes the provider
     */
    public static BrowserStateManager fromEnvironment() {
        return open(BrowserStateConfig.fromEnvironment());
    }

    /**
     * A manager over a provider you built yourself: no discovery, no URI. Closing the manager closes
     * the provider.
     *
     * @param provider the provider to store sessions in
     * @param options the engine options
     * @return a manager over {@code provider}
     * @throws InvalidConfigurationException when the options name a compression or encryption that is not available
     */
    public static BrowserStateManager create(StorageProvider provider, BrowserStateOptions options) {
        Codecs codecs = Codecs.load(StorageProviders.defaultLoader());
        List<String> problems = new ArrayList<>();
        EngineOptions.checkCodecs(options, codecs, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return managerOver(provider, options, codecs);
    }

    private static BrowserStateManager managerOver(StorageProvider provider, BrowserStateOptions options, Codecs codecs) {
        try {
            return new DefaultBrowserStateManager(provider, options, codecs, Clock.systemUTC());
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
    }
}
