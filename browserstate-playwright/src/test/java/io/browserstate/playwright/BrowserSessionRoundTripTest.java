package io.browserstate.playwright;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.api.SessionInfo;
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
 * One round trip through Redis in real headless Chromium, asserted from several sides: a first browser logs in (the
 * server sets an HttpOnly cookie), writes localStorage and IndexedDB, and is closed and saved; the
 * session is then restored into a new directory and a second browser opens the same origin.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserSessionRoundTripTest {

    private static final SessionId ID = SessionId.of("alice", "round-trip");

    private BrowserRig rig;
    private String firstBrowserVersion;
    private Path firstDirectory;
    private SaveResult firstSave;
    private Path restoredCopy;
    private Path secondDirectory;
    private String cookieHeaderAfterRestore;
    private List<Cookie> cookiesAfterRestore;
    private String localStorageAfterRestore;
    private String indexedDbAfterRestore;
    private String savedVersionSeenBySecond;
    private String keysInRedis;
    private List<String> readOnlyLocalStorage = new java.util.ArrayList<>();
    private List<String> readOnlyCookieHeaders = new java.util.ArrayList<>();
    private long versionBeforeReadOnly;
    private long versionAfterReadOnly;

    @BeforeAll
    void roundTrip(RedisServer redis, @TempDir Path temp) throws Exception {
        rig = BrowserRig.onRedis(redis, temp);
        TestSite site = rig.site();
        BrowserSessionLauncher launcher = rig.launcher();

        try (BrowserSession first = launcher.open(ID)) {
            firstDirectory = first.profile().directory();
            firstBrowserVersion = first.browserVersion();
            Page page = first.page();
            page.navigate(site.url("/login"));
            SiteData.putLocalStorage(page, "note", "written before the save");
            SiteData.putIndexedDb(page, "basket", "three apples");
            firstSave = first.closeAndSave();
        }

        keysInRedis = redis.cli("--scan", "--pattern", "*alice*");
        restoredCopy = temp.resolve("restored-copy");
        rig.manager().restore(ID, restoredCopy);

        try (BrowserSession second = launcher.open(ID)) {
            secondDirectory = second.profile().directory();
            savedVersionSeenBySecond = second.savedBrowserVersion().orElse(null);
            Page page = second.page();
            page.navigate(site.url("/whoami"));
            cookieHeaderAfterRestore = page.textContent("#cookies");
            cookiesAfterRestore = second.context().cookies(site.origin());
            localStorageAfterRestore = SiteData.localStorage(page, "note");
            indexedDbAfterRestore = SiteData.indexedDb(page, "basket");
        }

        // two browsers on read-only copies at once: no lease, nothing saved when they close
        versionBeforeReadOnly = rig.manager().info(ID).orElseThrow().version();
        try (BrowserSession a = launcher.openReadOnly(ID); BrowserSession b = launcher.openReadOnly(ID)) {
            for (BrowserSession ro : List.of(a, b)) {
                Page page = ro.page();
                page.navigate(site.url("/whoami"));
                readOnlyCookieHeaders.add(page.textContent("#cookies"));
                readOnlyLocalStorage.add(SiteData.localStorage(page, "note"));
            }
        }
        versionAfterReadOnly = rig.manager().info(ID).orElseThrow().version();
    }

    @Test
    @DisplayName("two read-only browsers run on one session at once, both logged in, and closing them publishes nothing")
    void readOnlyBrowsersFanOutOneLogin() {
        assertThat(readOnlyCookieHeaders).hasSize(2).allSatisfy(h -> assertThat(h).contains(TestSite.SESSION_COOKIE + "=" + TestSite.SESSION_VALUE));
        assertThat(readOnlyLocalStorage).containsExactly("written before the save", "written before the save");
        assertThat(versionAfterReadOnly).isEqualTo(versionBeforeReadOnly);
    }

    @AfterAll
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @DisplayName("an HttpOnly cookie set by a server response is sent again after restore")
    void closeAndSaveWhenServerSetHttpOnlyCookieThenRestoredBrowserSendsIt() {
        assertThat(cookieHeaderAfterRestore)
                .contains(TestSite.SESSION_COOKIE + "=" + TestSite.SESSION_VALUE)
                .contains(TestSite.THEME_COOKIE + "=" + TestSite.THEME_VALUE);
    }

    @Test
    @DisplayName("restored cookies keep their HttpOnly flag and their expiry")
    void closeAndSaveThenRestoredCookiesKeepHttpOnlyFlagAndExpiry() {
        Cookie sid = cookiesAfterRestore.stream().filter(c -> c.name.equals(TestSite.SESSION_COOKIE)).findFirst().orElseThrow();
        assertThat(sid.httpOnly).isTrue();
        assertThat(sid.expires).as("a persistent cookie (Max-Age), not a session cookie").isPositive();
        Cookie theme = cookiesAfterRestore.stream().filter(c -> c.name.equals(TestSite.THEME_COOKIE)).findFirst().orElseThrow();
        assertThat(theme.httpOnly).isFalse();
    }

    @Test
    @DisplayName("localStorage survives save and restore at the same origin")
    void closeAndSaveThenLocalStorageSurvivesRestore() {
        assertThat(localStorageAfterRestore).isEqualTo("written before the save");
    }

    @Test
    @DisplayName("IndexedDB survives save and restore at the same origin")
    void closeAndSaveThenIndexedDbSurvivesRestore() {
        assertThat(indexedDbAfterRestore).isEqualTo("three apples");
    }

    @Test
    @DisplayName("the second browser runs in a new directory; the first one is removed after the save")
    void openAfterSaveRestoresIntoANewDirectory() {
        assertThat(secondDirectory).isNotEqualTo(firstDirectory);
        assertThat(firstDirectory).doesNotExist();
        assertThat(secondDirectory).doesNotExist();
    }

    @Test
    @DisplayName("the save went to Redis: the head under the session's hash tag, the blobs in the user's shared space")
    void closeAndSaveWritesTheSnapshotToRedis() {
        assertThat(keysInRedis).contains("{alice:round-trip}:head").contains("user:{alice}:c:");
        assertThat(keysInRedis.lines().filter(k -> k.contains("user:{alice}:c:")).count()).isGreaterThanOrEqualTo(firstSave.blobsWritten());
    }

    @Test
    @DisplayName("Singleton lock files are never restored")
    void restoreNeverWritesSingletonFiles() throws Exception {
        assertThat(TestBrowser.lockEntries(restoredCopy)).isEmpty();
        assertThat(restoredCopy.resolve("Default").resolve("Cookies")).isRegularFile();
        assertThat(firstSave.fileCount()).isPositive();
    }

    @Test
    @DisplayName("the browser version is recorded with the snapshot and read back on the next open")
    void closeAndSaveRecordsTheBrowserVersion() {
        assertThat(firstBrowserVersion).matches("\\d+(\\.\\d+)+");
        SessionInfo info = rig.manager().info(ID).orElseThrow();
        assertThat(savedVersionSeenBySecond).isEqualTo(firstBrowserVersion);
        assertThat(info.browserVersion()).isEqualTo(firstBrowserVersion);
        assertThat(info.version()).isEqualTo(2);
    }
}
