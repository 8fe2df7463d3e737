package io.browserstate.playwright;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.playwright.internal.BrowserVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrowserVersionsTest {

    @Test
    @DisplayName("versions are read from Playwright's and from --version's wording")
    void extractReadsDottedVersions() {
        assertThat(BrowserVersions.extract("156.0.8078.108")).contains("156.0.8078.108");
        assertThat(BrowserVersions.extract("Chromium 156.0.8078.108 built on Debian")).contains("156.0.8078.108");
        assertThat(BrowserVersions.extract("HeadlessChrome/131.0.6778.33")).contains("131.0.6778.33");
        assertThat(BrowserVersions.extract("no version here")).isEmpty();
        assertThat(BrowserVersions.major("Google Chrome 99.1.2")).hasValue(99);
    }

    @Test
    @DisplayName("only a larger major version counts as newer; unknown versions never do")
    void isNewerMajorComparesMajorsOnly() {
        assertThat(BrowserVersions.isNewerMajor("157.0.0.0", "156.9.9.9")).isTrue();
        assertThat(BrowserVersions.isNewerMajor("156.9.9.9", "156.0.0.0")).isFalse();
        assertThat(BrowserVersions.isNewerMajor("155.0.0.0", "156.0.0.0")).isFalse();
        assertThat(BrowserVersions.isNewerMajor(null, "156.0.0.0")).isFalse();
        assertThat(BrowserVersions.isNewerMajor("157.0", null)).isFalse();
    }

    @Test
    @DisplayName("the installed Chromium tells its version without starting a browser")
    void probeAsksTheExecutable() {
        Path chromium = TestBrowser.requireSystemChromium();
        assertThat(BrowserVersions.probe(chromium)).hasValueSatisfying(v -> assertThat(v).matches("\\d+(\\.\\d+)+"));
    }

    @Test
    @DisplayName("an executable that prints no version gives none")
    void probeWhenNoVersionPrintedThenEmpty(@TempDir Path temp) throws Exception {
        Path silent = Files.writeString(temp.resolve("silent"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(silent, PosixFilePermissions.fromString("rwx------"));
        Path failing = Files.writeString(temp.resolve("failing"), "#!/bin/sh\necho 'Chromium 1.2.3'\nexit 3\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
        assertThat(BrowserVersions.probe(silent)).isEmpty();
        assertThat(BrowserVersions.probe(failing)).isEmpty();
        assertThat(BrowserVersions.probe(Path.of("/nonexistent/chromium"))).isEmpty();
    }
}
