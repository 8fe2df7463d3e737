package io.browserstate.playwright.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.core.StorageProviders;
import io.browserstate.spi.CompressionCodec;
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
 * <p>Bindings: {@link BrowserStateConfig}; the {@link StorageProviderFactory} that claims the URI's
 * scheme (found through {@code ServiceLoader}); the {@link CompressionCodec}s found through
 * {@code ServiceLoader}, as a {@code Set<CompressionCodec>}; the {@link BrowserStateManager} (singleton,
 * opened on first use and registered with {@link BrowserStateLifecycle}, which closes it). Providers and
 * codecs are chosen by their {@code META-INF/services} registration, not by Guice bindings: the bound
 * factory and codecs show what the manager uses.
 *
 * <p>Without Guice, {@link BrowserState#open(BrowserStateConfig)} builds the same manager.
 *
 * @since 0.1
 */
public final class BrowserStateModule extends AbstractModule {

    private final BrowserStateConfig config;

    /** A module over {@code config}. */
    public BrowserStateModule(BrowserStateConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** From {@code BROWSERSTATE_URI} and {@code BROWSERSTATE_OPTIONS} (see {@link BrowserStateConfig#fromEnvironment()}). */
    public static BrowserStateModule fromEnvironment() {
        return new BrowserStateModule(BrowserStateConfig.fromEnvironment());
    }

    /** From a properties file (see {@link BrowserStateConfig#fromProperties(Path)}). */
    public static BrowserStateModule fromProperties(Path file) {
        return new BrowserStateModule(BrowserStateConfig.fromProperties(file));
    }

    /** From a storage URI whose query may carry options. */
    public static BrowserStateModule of(String storageUri) {
        return new BrowserStateModule(BrowserStateConfig.of(storageUri));
    }

    @Override
    protected void configure() {
        bind(BrowserStateConfig.class).toInstance(config);
    }

    @Provides
    @Singleton
    StorageProviderFactory storageProviderFactory(BrowserStateConfig config) {
        return StorageProviders.factoryFor(config.storageUri());
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
    BrowserStateManager browserStateManager(BrowserStateConfig config, BrowserStateLifecycle lifecycle) {
        return lifecycle.register(BrowserState.open(config));
    }

    @Override
    public String toString() {
        return "BrowserStateModule[" + config + "]";
    }
}
