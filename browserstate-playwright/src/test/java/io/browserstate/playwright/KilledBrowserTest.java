package io.browserstate.playwright;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser killed with SIGKILL (no clean shutdown: its lock files stay behind) is saved as it was left
 * on disk, and the restored profile launches again.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KilledBrowserTest {

    private static final SessionId ID = SessionId.of("bob", "killed");

    private BrowserRig rig;
    private List<String> lockFilesLeftByKill;
    private SaveResult saveAfterKill;
    private Path restoredCopy;
    private String titleAfterRestore;
    private String localStorageWrittenAfterRestore;

    @BeforeAll
    void killSaveRestoreRelaunch(RedisServer redis, @TempDir Path temp) throws Exception {
        rig = BrowserRig.onRedis(redis, temp);
        TestSite site = rig.site();
        BrowserSessionLauncher launcher = rig.launcher();

        BrowserSession killed = launcher.open(ID);
        Path directory = killed.profile().directory();
        Page page = killed.page();
        page.navigate(site.url("/login"));
        SiteData.putLocalStorage(page, "note", "written before the kill");
        BrowserProcesses.killTree(directory);
        lockFilesLeftByKill = TestBrowser.lockEntries(directory);
        saveAfterKill = killed.closeAndSave();

        restoredCopy = temp.resolve("restored-copy");
        rig.manager().restore(ID, restoredCopy);

        try (BrowserSession relaunched = launcher.open(ID)) {
            Page again = relaunched.page();
            again.navigate(site.url("/whoami"));
            titleAfterRestore = again.title();
            SiteData.putLocalStorage(again, "note", "written after the restore");
            localStorageWrittenAfterRestore = SiteData.localStorage(again, "note");
        }
    }

    @AfterAll
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @DisplayName("a profile saved after its browser was killed launches again after restore")
    void closeAndSaveWhenBrowserWasKilledThenRestoredProfileLaunches() {
        assertThat(saveAfterKill.fileCount()).isPositive();
        assertThat(titleAfterRestore).isEqualTo("whoami");
        assertThat(localStorageWrittenAfterRestore).isEqualTo("written after the restore");
    }

    @Test
    @DisplayName("the lock files a killed browser leaves behind are neither saved nor restored")
    void closeAndSaveWhenBrowserWasKilledThenSingletonFilesAreNotRestored() throws Exception {
        assertThat(lockFilesLeftByKill).as("the kill left Chromium's lock files behind").isNotEmpty();
        assertThat(saveAfterKill.skipped()).noneMatch(s -> s.path().contains("Singleton"));
        assertThat(TestBrowser.lockEntries(restoredCopy)).isEmpty();
    }
}
