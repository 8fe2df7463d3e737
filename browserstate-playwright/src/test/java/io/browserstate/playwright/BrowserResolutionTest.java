package io.browserstate.playwright;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.playwright.BrowserExecutable.Source;
import io.browserstate.playwright.internal.BrowserResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order in which the browser executable is chosen. Executables here are plain files with the execute bit. */
class BrowserResolutionTest {

    @TempDir
    Path temp;

    private Path executable(String name) throws Exception {
        Path p = temp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    @DisplayName("a configured executable wins over the environment and the system paths")
    void resolveWhenConfiguredThenConfiguredWins() throws Exception {
        Path configured = executable("configured");
        Path fromEnv = executable("env");
        Path system = executable("system");

        BrowserExecutable b = BrowserResolver.resolve(configured, Map.of(LaunchSettings.EXECUTABLE_ENV, fromEnv.toString())::get,
                List.of(system));

        assertThat(b).isEqualTo(new BrowserExecutable(configured, Source.CONFIGURED));
        assertThat(b.isSystemBrowser()).isTrue();
    }

    @Test
    @DisplayName("BROWSERSTATE_CHROMIUM wins over the system paths")
    void resolveWhenEnvironmentSetThenEnvironmentWins() throws Exception {
        Path fromEnv = executable("env");
        Path system = executable("system");

        BrowserExecutable b = BrowserResolver.resolve(null, Map.of(LaunchSettings.EXECUTABLE_ENV, fromEnv.toString())::get,
                List.of(system));

        assertThat(b).isEqualTo(new BrowserExecutable(fromEnv, Source.ENVIRONMENT));
    }

    @Test
    @DisplayName("the first system path that is an executable file is taken, in order")
    void resolveWhenNothingConfiguredThenFirstExecutableSystemPath() throws Exception {
        Path missing = temp.resolve("missing");
        Path notExecutable = Files.writeString(temp.resolve("not-executable"), "");
        Path directory = Files.createDirectory(temp.resolve("a-directory"));
        Path second = executable("second");
        Path third = executable("third");

        BrowserExecutable b = BrowserResolver.resolve(null, Map.<String, String>of()::get,
                List.of(missing, notExecutable, directory, second, third));

        assertThat(b).isEqualTo(new BrowserExecutable(second, Source.SYSTEM));
    }

    @Test
    @DisplayName("with no browser anywhere, Playwright's managed browser is used")
    void resolveWhenNoBrowserFoundThenPlaywrightManaged() {
        BrowserExecutable b = BrowserResolver.resolve(null, Map.of(LaunchSettings.EXECUTABLE_ENV, "  ")::get,
                List.of(temp.resolve("missing")));

        assertThat(b.source()).isEqualTo(Source.PLAYWRIGHT);
        assertThat(b.path()).isNull();
        assertThat(b.isSystemBrowser()).isFalse();
    }

    @Test
    @DisplayName("a configured executable that does not exist is an error, not skipped")
    void resolveWhenConfiguredExecutableMissingThenFails() throws Exception {
        Path system = executable("system");
        assertThatThrownBy(() -> BrowserResolver.resolve(temp.resolve("nope"), Map.<String, String>of()::get, List.of(system)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("nope");
    }

    @Test
    @DisplayName("BROWSERSTATE_CHROMIUM naming no executable file is an error that names the variable")
    void resolveWhenEnvironmentNamesNonExecutableThenFails() throws Exception {
        Path notExecutable = Files.writeString(temp.resolve("plain"), "");
        Path system = executable("system");
        assertThatThrownBy(() -> BrowserResolver.resolve(null, Map.of(LaunchSettings.EXECUTABLE_ENV, notExecutable.toString())::get,
                List.of(system)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(LaunchSettings.EXECUTABLE_ENV)
                .hasMessageContaining("not an executable file");
    }

    @Test
    @DisplayName("Debian's Chromium is the first system path tried")
    void systemPathsStartWithDebianChromium() {
        assertThat(BrowserExecutable.SYSTEM_PATHS.get(0)).isEqualTo(Path.of("/usr/lib/chromium/chromium"));
    }

    @Test
    @DisplayName("launch settings refuse switches that would take the profile or the driver pipe away")
    void launchSettingsWhenArgsSetUserDataDirThenRefused() {
        assertThatThrownBy(() -> LaunchSettings.builder().addArgs("--user-data-dir=/tmp/x", "--remote-debugging-pipe").build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).hasSize(2));
    }
}
