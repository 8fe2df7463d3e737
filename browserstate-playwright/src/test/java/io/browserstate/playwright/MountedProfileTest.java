package io.browserstate.playwright;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A browser session's mount can be looked at while the browser runs, but only closing the session saves it. */
class MountedProfileTest {

    @TempDir
    Path temp;

    /** Public instance methods, without those every object has ({@code toString}, …). */
    private static Stream<Method> publicMethods(Class<?> type) {
        return Arrays.stream(type.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers()) && !isObjectMethod(m));
    }

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Test
    @DisplayName("the profile view has no save: only reads, and no way back to the MountedSession")
    void profileWhenInspectedThenOffersNoSave() {
        assertThat(MountedSession.class.isAssignableFrom(MountedProfile.class)).as("a MountedProfile is a MountedSession").isFalse();
        assertThat(publicMethods(MountedProfile.class).map(Method::getName))
                .containsExactlyInAnyOrder("id", "directory", "restored", "lastSave");
        assertThat(publicMethods(BrowserSession.class).filter(m -> MountedSession.class.isAssignableFrom(m.getReturnType())))
                .as("BrowserSession methods handing out the MountedSession").isEmpty();
        // closeAndSave saves the files after the browser closed; checkpoint publishes Playwright's storageState, never the running files
        assertThat(publicMethods(BrowserSession.class).filter(m -> m.getReturnType() == SaveResult.class).map(Method::getName))
                .as("BrowserSession methods that publish").containsExactlyInAnyOrder("closeAndSave", "checkpoint");
    }

    @Test
    @DisplayName("the profile directory can be read while the browser runs; nothing is saved until the session is closed")
    void profileWhenBrowserRunsThenDirectoryReadableAndSavedOnlyByClose() throws Exception {
        SessionId id = SessionId.of("erin", "look-but-do-not-save");
        try (BrowserRig rig = BrowserRig.onFiles(temp)) {
            BrowserSession session = rig.launcher().open(id);
            Page page = session.page();
            page.navigate(rig.site().url("/login"));
            SiteData.putLocalStorage(page, "note", "written while running");

            MountedProfile profile = session.profile();
            assertThat(profile.id()).isEqualTo(id);
            assertThat(profile.restored().version()).isZero();
            try (Stream<Path> top = Files.list(profile.directory())) {
                assertThat(top.map(p -> p.getFileName().toString())).as("the running browser's profile").contains("Default");
            }
            assertThat(profile.lastSave()).as("saved while the browser runs").isEmpty();
            assertThat(rig.manager().info(id)).as("stored while the browser runs").isEmpty();

            SaveResult saved = session.closeAndSave();

            assertThat(profile.lastSave()).contains(saved);
            assertThat(rig.manager().info(id)).hasValueSatisfying(info -> assertThat(info.version()).isEqualTo(1));
            assertThat(profile.directory()).as("removed after the save").doesNotExist();
        }
    }
}
