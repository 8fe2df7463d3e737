package io.browserstate.playwright;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users expect back, in real headless Chromium on Redis: a login that set only a session cookie, a
 * checkpoint of a running browser after the browser was killed and its worker died, and Playwright's
 * storageState both ways.
 */
@ExtendWith(RedisExtension.class)
class LiveStateTest {

    private static BrowserStateManager manager(RedisServer redis, Path temp, String leaseTtl) {
        return BrowserState.open(new BrowserStateConfig(redis.uri(), Map.of("workDirectory", temp.resolve("work").toString(),
                "leaseTtl", leaseTtl)));
    }

    /** Frees what the dead worker's session object still holds in this JVM (its Playwright driver, its checkpoint thread). */
    private static void discardQuietly(BrowserSession abandoned) {
        if (abandoned != null) {
            try {
                abandoned.discard();
            } catch (RuntimeException e) {
                // its manager is closed: the lease and directory are the new worker's business now
            }
        }
    }

    private static String cookieHeader(Page page, TestSite site) {
        page.navigate(site.url("/whoami"));
        return page.textContent("#cookies");
    }

    @Test
    @DisplayName("a login that set only a session cookie survives close, save and restore on a fresh launcher; without the option it is gone")
    void sessionCookieSurvivesCloseSaveAndRestore(RedisServer redis, @TempDir Path temp) throws Exception {
        TestBrowser.requireSystemChromium();
        SessionId kept = SessionId.of("alice", "session-cookie");
        SessionId dropped = SessionId.of("alice", "session-cookie-dropped");
        String keptHeader;
        String droppedHeader;
        BrowserSession.Applied applied;
        try (TestSite site = TestSite.start(); BrowserStateManager m = manager(redis, temp, "60s")) {
            for (SessionId id : List.of(kept, dropped)) {
                LaunchSettings settings = LaunchSettings.builder().sessionCookies(id.equals(kept)).build();
                try (BrowserSessionLauncher first = BrowserSessionLauncher.builder(m).settings(settings).build();
                     BrowserSession s = first.open(id)) {
                    s.page().navigate(site.url("/login-session"));
                    assertThat(cookieHeader(s.page(), site)).contains(TestSite.SESSION_ONLY_COOKIE + "=" + TestSite.SESSION_ONLY_VALUE);
                }
            }
            try (BrowserSessionLauncher fresh = BrowserSessionLauncher.builder(m).build(); BrowserSession s = fresh.open(kept)) {
                keptHeader = cookieHeader(s.page(), site);
                applied = s.applied();
                assertThat(Files.exists(s.profile().directory().resolve(".browserstate"))).as("applied, then removed").isFalse();
            }
            try (BrowserSessionLauncher fresh = BrowserSessionLauncher.builder(m).settings(LaunchSettings.builder().sessionCookies(false)
                    .build()).build(); BrowserSession s = fresh.open(dropped)) {
                droppedHeader = cookieHeader(s.page(), site);
            }
            assertThat(m.info(kept).orElseThrow().attributes()).as("how the cookie store is protected is recorded with each save")
                    .containsEntry(BrowserSessionLauncher.COOKIE_STORE_ATTRIBUTE, "basic");
        }
        assertThat(applied).isEqualTo(BrowserSession.Applied.SESSION_COOKIES);
        assertThat(keptHeader).contains(TestSite.SESSION_ONLY_COOKIE + "=" + TestSite.SESSION_ONLY_VALUE);
        assertThat(droppedHeader).as("Chromium drops a session cookie at start-up on its own").doesNotContain(TestSite.SESSION_ONLY_COOKIE);
    }

    @Test
    @DisplayName("checkpoint() of a running browser, then the browser SIGKILLed and its worker gone: the next mount shows the checkpoint")
    void checkpointSurvivesAKilledBrowserAndADeadWorker(RedisServer redis, @TempDir Path temp) throws Exception {
        TestBrowser.requireSystemChromium();
        SessionId id = SessionId.of("alice", "checkpointed");
        String header;
        String note;
        String basket;
        BrowserSession.Applied applied;
        long restoredVersion;
        List<SnapshotInfo> history;
        SaveResult full;
        SaveResult[] checkpoints = new SaveResult[3];
        long[] millis = new long[3];
        String otherOrigin;
        BrowserSession abandoned = null;
        try (TestSite site = TestSite.start(); TestSite other = TestSite.start()) {
            try (BrowserStateManager m = manager(redis, temp, "60s"); BrowserSessionLauncher l = BrowserSessionLauncher.builder(m).build();
                 BrowserSession s = l.open(id)) {
                s.page().navigate(other.url("/"));
                SiteData.putLocalStorage(s.page(), "other", "kept in the files");
                s.page().navigate(site.url("/login"));
                SiteData.putLocalStorage(s.page(), "note", "saved at close");
                SiteData.putIndexedDb(s.page(), "basket", "three apples");
                full = s.closeAndSave();
            }
            // the worker that dies: a short lease, and a manager whose renewals stop with it
            BrowserStateManager dying = manager(redis, temp, "2s");
            BrowserSessionLauncher l = BrowserSessionLauncher.builder(dying).build();
            BrowserSession s = l.open(id);
            Page page = s.page();
            page.navigate(site.url("/login-session"));
            SiteData.putLocalStorage(page, "note", "checkpointed");
            SiteData.putIndexedDb(page, "basket", "five pears");
            for (int i = 0; i < checkpoints.length; i++) {
                long t0 = System.nanoTime();
                checkpoints[i] = s.checkpoint();
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            SiteData.putLocalStorage(page, "note", "written after the checkpoint, lost with the worker");
            BrowserProcesses.killTree(s.profile().directory());
            dying.close(); // the JVM's threads are gone: nobody renews the lease or saves
            abandoned = s;

            try (BrowserStateManager m = manager(redis, temp, "60s"); BrowserSessionLauncher next = BrowserSessionLauncher.builder(m).build()) {
                try (BrowserSession r = openWhenLeaseLapses(next, id)) {
                    applied = r.applied();
                    restoredVersion = r.profile().restored().version();
                    header = cookieHeader(r.page(), site);
                    note = SiteData.localStorage(r.page(), "note");
                    basket = SiteData.indexedDb(r.page(), "basket");
                    r.page().navigate(other.url("/"));
                    otherOrigin = SiteData.localStorage(r.page(), "other");
                }
                history = m.history(id, null, 10).items();
            }
        } finally {
            discardQuietly(abandoned);
        }
        assertThat(applied).isEqualTo(BrowserSession.Applied.CHECKPOINT);
        assertThat(restoredVersion).isEqualTo(checkpoints[2].version());
        assertThat(note).isEqualTo("checkpointed");
        assertThat(basket).isEqualTo("five pears");
        assertThat(otherOrigin).as("an origin the checkpoint did not visit keeps what the snapshot's files hold").isEqualTo("kept in the files");
        assertThat(header).contains(TestSite.SESSION_COOKIE + "=" + TestSite.SESSION_VALUE)
                .contains(TestSite.SESSION_ONLY_COOKIE + "=" + TestSite.SESSION_ONLY_VALUE);
        // the close after recovery saved in full; the three checkpoints left one entry in the history
        assertThat(history.get(0).origin()).isEqualTo(SnapshotInfo.Origin.SAVE);
        assertThat(history.stream().filter(i -> i.origin() == SnapshotInfo.Origin.CHECKPOINT).count()).isEqualTo(1);
        System.out.printf("[checkpoint] profile of %d files, %d bytes (full save wrote %d bytes): checkpoints took %s ms and wrote %d, %d, %d"
                + " bytes%n", full.fileCount(), full.totalBytes(), full.bytesWritten(), java.util.Arrays.toString(millis),
                checkpoints[0].bytesWritten(), checkpoints[1].bytesWritten(), checkpoints[2].bytesWritten());
    }

    @Test
    @DisplayName("checkpoint() in a worker JVM, then the browser and the JVM SIGKILLed: the next mount shows cookies, localStorage, IndexedDB")
    void checkpointSurvivesSigkillOfTheBrowserAndTheJvm(RedisServer redis, @TempDir Path temp) throws Exception {
        TestBrowser.requireSystemChromium();
        SessionId id = SessionId.of("alice", "killed-jvm");
        try (TestSite site = TestSite.start()) {
            Path profile = runWorkerAndKill(redis, temp, site, id, false);
            assertThat(Files.isDirectory(profile)).as("the dead worker's directory is left behind, as after a crash").isTrue();
            try (BrowserStateManager m = manager(redis, temp, "60s"); BrowserSessionLauncher next = BrowserSessionLauncher.builder(m).build();
                 BrowserSession r = openWhenLeaseLapses(next, id)) {
                assertThat(r.applied()).isEqualTo(BrowserSession.Applied.CHECKPOINT);
                assertThat(cookieHeader(r.page(), site)).contains(TestSite.SESSION_COOKIE + "=" + TestSite.SESSION_VALUE)
                        .contains(TestSite.SESSION_ONLY_COOKIE + "=" + TestSite.SESSION_ONLY_VALUE);
                assertThat(SiteData.localStorage(r.page(), "note")).isEqualTo("checkpointed in a worker JVM");
                assertThat(SiteData.indexedDb(r.page(), "basket")).isEqualTo("seven plums");
            }
        }
    }

    @Test
    @DisplayName("automatic checkpoints every 2 s in a worker JVM: a note written 3 s before the browser and the JVM were SIGKILLed is back")
    void automaticCheckpointsKeepANoteWrittenThreeSecondsBeforeTheKill(RedisServer redis, @TempDir Path temp) throws Exception {
        TestBrowser.requireSystemChromium();
        SessionId id = SessionId.of("alice", "auto-checkpoints");
        try (TestSite site = TestSite.start()) {
            runWorkerAndKill(redis, temp, site, id, true);
            try (BrowserStateManager m = manager(redis, temp, "60s"); BrowserSessionLauncher next = BrowserSessionLauncher.builder(m).build();
                 BrowserSession r = openWhenLeaseLapses(next, id)) {
                assertThat(r.applied()).isEqualTo(BrowserSession.Applied.CHECKPOINT);
                r.page().navigate(site.url("/"));
                assertThat(SiteData.localStorage(r.page(), "note")).isEqualTo("written 3 s before the kill");
            }
        }
    }

    /**
     * Runs {@link CheckpointWorker} in a JVM of its own until it reports (for {@code auto}, then 3 s
     * more: the scenario's timing), then SIGKILLs its browser, the JVM and its Playwright driver.
     * Returns the dead worker's profile directory.
     */
    private static Path runWorkerAndKill(RedisServer redis, Path temp, TestSite site, SessionId id, boolean auto) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                CheckpointWorker.class.getName(), redis.uri().toString(), temp.resolve("worker").toString(), site.origin(),
                id.userId() + "/" + id.sessionId()));
        if (auto) {
            command.add("auto");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process worker = pb.start();
        String marker = auto ? "WRITTEN " : "CHECKPOINTED ";
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(worker.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            java.util.concurrent.CompletableFuture<Path> ready = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith(marker)) {
                            return Path.of(line.substring(marker.length()));
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                throw new IllegalStateException("the worker JVM exited before it printed " + marker.trim());
            });
            Path profile = ready.get(90, java.util.concurrent.TimeUnit.SECONDS);
            if (auto) {
                Thread.sleep(3000);
            }
            BrowserProcesses.killTree(profile);
            return profile;
        } finally {
            // SIGKILL of the JVM, and of its Playwright drivers
            List<ProcessHandle> children = worker.toHandle().descendants().toList();
            worker.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            worker.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Opens the session once the dead worker's lease has run out (polling, at most 20 s). */
    private static BrowserSession openWhenLeaseLapses(BrowserSessionLauncher launcher, SessionId id) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                return launcher.open(id);
            } catch (SessionConflictException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    @DisplayName("storageState both ways: an export opens logged in with its notes in plain Playwright; Playwright's own imports and mounts")
    void storageStateBothWays(RedisServer redis, @TempDir Path temp) throws Exception {
        TestBrowser.requireSystemChromium();
        SessionId exported = SessionId.of("alice", "exported");
        SessionId imported = SessionId.of("alice", "imported");
        try (TestSite site = TestSite.start(); BrowserStateManager m = manager(redis, temp, "60s");
             BrowserSessionLauncher launcher = BrowserSessionLauncher.builder(m).build()) {
            try (BrowserSession s = launcher.open(exported)) {
                s.page().navigate(site.url("/login"));
                s.page().navigate(site.url("/login-session"));
                SiteData.putLocalStorage(s.page(), "note", "exported note");
                SiteData.putIndexedDb(s.page(), "basket", "exported basket");
            }
            String state = launcher.exportStorageState(exported, List.of(site.origin()));
            assertThatThrownBy(() -> launcher.exportStorageState(exported, List.of("file:///etc"))).isInstanceOf(IllegalArgumentException.class);

            String playwrightState;
            try (Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                 Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setHeadless(true)
                         .setExecutablePath(launcher.executable().path()))) {
                try (BrowserContext plain = browser.newContext(new Browser.NewContextOptions().setStorageState(state))) {
                    Page page = plain.newPage();
                    assertThat(cookieHeader(page, site)).contains(TestSite.SESSION_COOKIE + "=" + TestSite.SESSION_VALUE)
                            .contains(TestSite.SESSION_ONLY_COOKIE + "=" + TestSite.SESSION_ONLY_VALUE);
                    assertThat(SiteData.localStorage(page, "note")).isEqualTo("exported note");
                    assertThat(SiteData.indexedDb(page, "basket")).isEqualTo("exported basket");
                }
                // a state written by Playwright itself
                try (BrowserContext own = browser.newContext()) {
                    Page page = own.newPage();
                    page.navigate(site.url("/login"));
                    SiteData.putLocalStorage(page, "note", "written by plain Playwright");
                    SiteData.putIndexedDb(page, "basket", "plain basket");
                    playwrightState = own.storageState(new BrowserContext.StorageStateOptions().setIndexedDB(true));
                }
            }
            SaveResult saved = launcher.importStorageState(imported, playwrightState);
            assertThat(saved.version()).isEqualTo(1);
            assertThatThrownBy(() -> launcher.importStorageState(imported, playwrightState)).isInstanceOf(SessionConflictException.class);
            try (BrowserSession s = launcher.open(imported)) {
                assertThat(cookieHeader(s.page(), site)).contains(TestSite.SESSION_COOKIE + "=" + TestSite.SESSION_VALUE);
                assertThat(SiteData.localStorage(s.page(), "note")).isEqualTo("written by plain Playwright");
                assertThat(SiteData.indexedDb(s.page(), "basket")).isEqualTo("plain basket");
            }
        }
    }
}
