package io.browserstate.playwright;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SessionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot recorded by a newer major browser version than the installed one. */
class BrowserVersionPolicyTest {

    private static final String FUTURE_VERSION = "999.0.1.2";

    @TempDir
    Path temp;

    private BrowserRig rig;
    private BrowserStateManager manager;
    private SessionId id;

    @BeforeEach
    void saveProfileWrittenByAFutureBrowser() throws Exception {
        rig = BrowserRig.onFiles(temp);
        manager = rig.manager();
        id = SessionId.of("carol", "from-the-future");
        Path profile = Files.createDirectories(temp.resolve("profile").resolve("Default"));
        Files.writeString(profile.resolve("Preferences"), "{}");
        manager.save(id, profile.getParent(), new SaveOptions(FUTURE_VERSION, Map.of()));
    }

    @AfterEach
    void closeRig() {
        rig.close();
    }

    @Test
    @DisplayName("REFUSE: opening a profile from a newer major version fails before launching and changes nothing")
    void openWhenSavedByNewerMajorAndPolicyRefusesThenFailsAndKeepsSnapshot() {
        BrowserSessionLauncher launcher = BrowserSessionLauncher.builder(manager)
                .settings(LaunchSettings.builder().versionPolicy(BrowserVersionPolicy.REFUSE).build())
                .build();

        assertThatThrownBy(() -> launcher.open(id))
                .isInstanceOfSatisfying(IncompatibleBrowserException.class, e -> {
                    assertThat(e.sessionId()).isEqualTo(id);
                    assertThat(e.savedVersion()).isEqualTo(FUTURE_VERSION);
                    assertThat(e.browserVersion()).matches("\\d+(\\.\\d+)+");
                })
                .hasMessageContaining(FUTURE_VERSION);

        assertThat(manager.info(id).orElseThrow().version()).isEqualTo(1);
        try (MountedSession again = manager.mount(id)) {
            assertThat(again.restored().version()).as("the lease was given back").isEqualTo(1);
            again.discard();
        }
    }

    @Test
    @DisplayName("WARN: opening a profile from a newer major version launches and reports the saved version")
    void openWhenSavedByNewerMajorAndPolicyWarnsThenLaunches() {
        BrowserSession session = rig.launcher().open(id);
        try {
            assertThat(session.savedBrowserVersion()).contains(FUTURE_VERSION);
            assertThat(session.page().evaluate("1 + 1")).isEqualTo(2);
        } finally {
            session.discard();
        }
        assertThat(manager.info(id).orElseThrow().browserVersion()).as("discard saved nothing").isEqualTo(FUTURE_VERSION);
    }
}
