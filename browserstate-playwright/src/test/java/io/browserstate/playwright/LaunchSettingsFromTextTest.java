package io.browserstate.playwright;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchSettingsFromTextTest {

    @Test
    @DisplayName("browser.* keys of the file that holds storage.uri configure the launch")
    void fromProperties(@TempDir Path temp) throws IOException {
        Path file = Files.writeString(temp.resolve("browserstate.properties"), """
                storage.uri=redis://localhost:6379/0
                storage.redis.ttl=7d
                browser.executable=/opt/chromium/chrome
                browser.headless=false
                browser.args=--lang=de --window-size=800,600
                browser.launchTimeout=45s
                browser.versionPolicy=refuse
                browser.checkpointEvery=10s
                browser.sessionCookies=no
                """);
        LaunchSettings s = LaunchSettings.fromProperties(file);
        assertThat(s.executable()).isEqualTo(Path.of("/opt/chromium/chrome"));
        assertThat(s.headless()).isFalse();
        assertThat(s.args()).containsSubsequence(LaunchSettings.DEFAULT_ARGS).endsWith("--lang=de", "--window-size=800,600");
        assertThat(s.launchTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.versionPolicy()).isEqualTo(BrowserVersionPolicy.REFUSE);
        assertThat(s.checkpointEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.sessionCookies()).isFalse();
    }

    @Test
    @DisplayName("BROWSERSTATE_BROWSER_* variables configure the launch; nothing set gives the defaults")
    void fromEnvironment() {
        LaunchSettings s = LaunchSettings.fromEnvironment(Map.of("BROWSERSTATE_BROWSER_HEADLESS", "false",
                "BROWSERSTATE_BROWSER_LAUNCH_TIMEOUT", "PT1M", "BROWSERSTATE_BROWSER_CHECKPOINT_EVERY", "none", "PATH", "/usr/bin"));
        assertThat(s.headless()).isFalse();
        assertThat(s.launchTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.checkpointEvery()).isNull();
        assertThat(LaunchSettings.fromEnvironment(Map.of())).isEqualTo(LaunchSettings.defaults());
    }

    @Test
    @DisplayName("every wrong setting is listed at once, a misspelt name with the name it resembles")
    void wrongSettingsAreListed() {
        assertThatThrownBy(() -> LaunchSettings.from(LaunchSettings.defaults(), Map.of("headles", "true", "launchTimeout", "soon",
                "versionPolicy", "maybe", "args", "--user-data-dir=/tmp/x")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).hasSize(4))
                .hasMessageContaining("browser setting 'headles' is unknown; did you mean 'headless'?")
                .hasMessageContaining("launchTimeout: 'soon' is not a duration")
                .hasMessageContaining("'maybe' is not WARN or REFUSE")
                .hasMessageContaining("--user-data-dir");
    }
}
