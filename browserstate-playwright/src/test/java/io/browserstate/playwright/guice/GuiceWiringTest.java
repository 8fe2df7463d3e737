package io.browserstate.playwright.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.playwright.BrowserSession;
import io.browserstate.playwright.BrowserSessionLauncher;
import io.browserstate.playwright.LaunchSettings;
import io.browserstate.spi.CompressionCodec;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageProviderFactory;
import io.browserstate.api.BrowserStateOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuiceWiringTest {

    @TempDir
    Path temp;

    private BrowserStateConfig config() {
        return BrowserStateConfig.of("file://" + temp.resolve("store")).withOption("workDirectory", temp.resolve("work").toString());
    }

    @Test
    @DisplayName("the modules bind one manager, the launcher over it, the provider, its factory, the engine options and the codecs")
    void injectorWhenBothModulesThenBindsManagerLauncherFactoryAndCodecs() {
        Injector injector = Guice.createInjector(new BrowserStateModule(config()), new PlaywrightModule());
        try {
            BrowserStateManager manager = injector.getInstance(BrowserStateManager.class);
            BrowserSessionLauncher launcher = injector.getInstance(BrowserSessionLauncher.class);

            assertThat(injector.getInstance(BrowserStateManager.class)).isSameAs(manager);
            assertThat(injector.getInstance(BrowserSessionLauncher.class)).isSameAs(launcher);
            assertThat(launcher.manager()).isSameAs(manager);
            assertThat(launcher.settings()).isEqualTo(LaunchSettings.defaults());
            assertThat(injector.getInstance(StorageProviderFactory.class).schemes()).contains("file");
            assertThat(injector.getInstance(StorageProvider.class)).isSameAs(injector.getInstance(StorageProvider.class));
            assertThat(injector.getInstance(StorageProvider.class).describe()).contains(temp.resolve("store").toString());
            assertThat(injector.getInstance(BrowserStateOptions.class).workDirectory()).isEqualTo(temp.resolve("work"));
            Set<CompressionCodec> codecs = injector.getInstance(Key.get(new TypeLiteral<Set<CompressionCodec>>() { }));
            assertThat(codecs).extracting(CompressionCodec::name).contains("zstd", "gzip");
        } finally {
            injector.getInstance(BrowserStateLifecycle.class).close();
        }
    }

    @Test
    @DisplayName("closing the lifecycle saves a browser session left open, then closes the manager")
    void lifecycleCloseWhenSessionLeftOpenThenSavesItAndClosesManager() throws Exception {
        Path properties = temp.resolve("browserstate.properties");
        Files.writeString(properties, "storage.uri=file://" + temp.resolve("store") + "\nstorage.workDirectory=" + temp.resolve("work") + "\n");
        Injector injector = Guice.createInjector(BrowserStateModule.fromProperties(properties),
                new PlaywrightModule(LaunchSettings.builder().build()));
        SessionId id = SessionId.of("dave", "left-open");
        BrowserSession session = injector.getInstance(BrowserSessionLauncher.class).open(id);
        session.page().navigate("about:blank");
        BrowserStateLifecycle lifecycle = injector.getInstance(BrowserStateLifecycle.class);

        lifecycle.close();

        assertThat(session.profile().directory()).doesNotExist();
        assertThat(lifecycle.isClosed()).isTrue();
        assertThatThrownBy(() -> lifecycle.register(() -> { })).isInstanceOf(IllegalStateException.class);
        try (BrowserStateManager reopened = BrowserState.open(config())) {
            assertThat(reopened.info(id)).hasValueSatisfying(info -> {
                assertThat(info.version()).isEqualTo(1);
                assertThat(info.browserVersion()).isEqualTo(session.browserVersion());
            });
        }
    }
}
