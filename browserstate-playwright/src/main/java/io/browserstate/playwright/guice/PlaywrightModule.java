package io.browserstate.playwright.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.playwright.BrowserSessionLauncher;
import io.browserstate.playwright.LaunchSettings;
import java.util.Objects;

/**
 * Binds {@link LaunchSettings} and a singleton {@link BrowserSessionLauncher} over the bound
 * {@link BrowserStateManager} (from {@link BrowserStateModule} or your own binding). The launcher is
 * registered with {@link BrowserStateLifecycle}: closing the lifecycle closes and saves the browser
 * sessions still open before the manager is closed.
 *
 * <p>Without Guice, {@code BrowserSessionLauncher.builder(manager).settings(settings).build()} builds
 * the same launcher.
 *
 * @since 0.1
 */
public final class PlaywrightModule extends AbstractModule {

    private final LaunchSettings settings;

    /** With {@link LaunchSettings#defaults()}. */
    public PlaywrightModule() {
        this(LaunchSettings.defaults());
    }

    /**
     * With the given settings.
     *
     * @param settings how the launcher starts Chromium
     */
    public PlaywrightModule(LaunchSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(LaunchSettings.class).toInstance(settings);
    }

    @Provides
    @Singleton
    BrowserSessionLauncher browserSessionLauncher(BrowserStateManager manager, LaunchSettings settings,
            BrowserStateLifecycle lifecycle) {
        return lifecycle.register(BrowserSessionLauncher.builder(manager).settings(settings).build());
    }

    @Override
    public String toString() {
        return "PlaywrightModule[" + settings + "]";
    }
}
