package io.browserstate.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.tck.ProfileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same code opens its store from code, a properties file or the environment. */
class ConfigurationSwitchTest {
    @TempDir
    Path temp;

    @Test
    void storeConfiguredByPropertiesFileOrEnvironmentIsTheSameStore() throws IOException {
        Path store = temp.resolve("store");
        Path props = temp.resolve("browserstate.properties");
        Files.writeString(props, "storage.uri=" + store.toUri() + "\nstorage.compression=gzip\nstorage.keepSnapshots=2\n");
        SessionId id = SessionId.of("bob", "s1");
        Path profile = ProfileTrees.writeRandomTree(temp.resolve("p"), 3, 1000, 1);
        try (BrowserStateManager m = BrowserState.open(BrowserStateConfig.fromProperties(props))) {
            m.save(id, profile);
        }
        BrowserStateConfig fromEnv = BrowserStateConfig.fromEnvironment(Map.of(
                BrowserStateConfig.ENV_URI, store.toUri().toString(), BrowserStateConfig.ENV_OPTIONS, "compression=zstd&parallelism=2"));
        try (BrowserStateManager m = BrowserState.open(fromEnv)) {
            m.restore(id, temp.resolve("r"));
        }
        assertThat(ProfileTrees.describe(temp.resolve("r"))).isEqualTo(ProfileTrees.describe(profile));
    }

    @Test
    void everyInvalidOptionIsReportedAtOnce() {
        assertThatThrownBy(() -> BrowserState.open(temp.toUri() + "?compression=brotli&chunkSize=1&bogus=1&keepSnapshots=0"))
                .isInstanceOf(InvalidConfigurationException.class)
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).problems()).hasSize(4))
                .hasMessageContaining("brotli").hasMessageContaining("chunkSize").hasMessageContaining("bogus")
                .hasMessageContaining("keepSnapshots");
    }

    @Test
    void unknownSchemeListsTheRegisteredOnes() {
        assertThatThrownBy(() -> BrowserState.open("nosuch://x"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("nosuch").hasMessageContaining("[file");
    }

    @Test
    void missingEnvironmentSaysWhatToSet() {
        assertThatThrownBy(() -> BrowserStateConfig.fromEnvironment(Map.of()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("BROWSERSTATE_URI");
    }
}
