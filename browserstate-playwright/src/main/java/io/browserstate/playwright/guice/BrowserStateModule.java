package io.browserstate.playwright.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.spi.CompressionCodec;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageProviderFactory;
import java.nio.file.Path;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Binds a {@link BrowserStateManager} built from a {@link BrowserStateConfig}: the storage URI and
 * options alone choose the backend, so swapping Redis for the filesystem (or any provider on the class
 * path) is a configuration change.
 *
 * <p>Bindings: {@link BrowserStateConfig}; the checked {@link BrowserState.ResolvedConfig}; the
 * {@link StorageProviderFactory} that claims the URI's scheme and the {@link StorageProvider} it opens
 * (both found through {@code ServiceLoader}; the provider is closed with the manager); the engine's
 * {@link BrowserStateOptions}; the {@link CompressionCodec}s found through {@code ServiceLoader}, as a
 * {@code Set<CompressionCodec>}; the {@link BrowserStateManager} over that provider (singleton, opened on
 * first use and registered with {@link BrowserStateLifecycle}, which closes it). Codecs are chosen by
 * their {@code META-INF/services} registration: the bound set shows what the manager can read.
 *
 * <p>Without Guice, {@link BrowserState#open(BrowserStateConfig)} builds the same manager.
 *
 * @since 0.1
 */
public final class BrowserStateModule extends AbstractModule {

    private final BrowserStateConfig config;

    /**
     * A module over {@code config}.
     *
     * @param config the configuration that chooses the backend and its options
     */
    public BrowserStateModule(BrowserStateConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * From {@code BROWSERSTATE_URI} and {@code BROWSERSTATE_OPTIONS} (see {@link BrowserStateConfig#fromEnvironment()}).
     *
     * @return a module over the configuration from this process's environment
     */
    public static BrowserStateModule fromEnvironment() {
        return new BrowserStateModule(BrowserStateConfig.fromEnvironment());
    }

    /**
     * From a properties file (see {@link BrowserStateConfig#fromProperties(Path)}).
     *
     * @param file the properties file
     * @return a module over the configuration read from {@code file}
     */
    public static BrowserStateModule fromProperties(Path file) {
        return new BrowserStateModule(BrowserStateConfig.fromProperties(file));
    }

    /**
     * From a storage URI whose query may carry options.
     *
     * @param storageUri the storage URI
     * @return a module over the configuration from {@code storageUri}
     */
    public static BrowserStateModule of(String storageUri) {
        return new BrowserStateModule(BrowserStateConfig.of(storageUri));
    }

    @Override
    protected void configure() {
        bind(BrowserStateConfig.class).toInstance(config);
    }

    @Provides
    @Singleton
    BrowserState.ResolvedConfig resolvedConfig(BrowserStateConfig config) {
        return BrowserState.resolve(config);
    }

    @Provides
    @Singleton
    StorageProviderFactory storageProviderFactory(BrowserState.ResolvedConfig resolved) {
        return resolved.factory();
    }

    @Provides
    @Singleton
    BrowserStateOptions engineOptions(BrowserState.ResolvedConfig resolved) {
        return resolved.engineOptions();
    }

    @Provides
    @Singleton
    StorageProvider storageProvider(BrowserState.ResolvedConfig resolved) {
        return resolved.openProvider();
    }

    @Provides
    @Singleton
    Set<CompressionCodec> compressionCodecs() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return ServiceLoader.load(CompressionCodec.class, loader != null ? loader : BrowserStateModule.class.getClassLoader())
                .stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(CompressionCodec::name, c -> c, (a, b) -> a, TreeMap::new))
                .values().stream()
                .collect(Collectors.toUnmodifiableSet());
    }

    @Provides
    @Singleton
    BrowserStateManager browserStateManager(StorageProvider provider, BrowserStateOptions options, BrowserStateLifecycle lifecycle) {
        return lifecycle.register(BrowserState.create(provider, options));
    }

    @Override
    public String toString() {
        return "BrowserStateModule[" + config + "]";
    }
}
