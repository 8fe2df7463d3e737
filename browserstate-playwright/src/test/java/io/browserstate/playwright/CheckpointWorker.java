package io.browserstate.playwright;

import com.microsoft.playwright.Page;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import java.net.URI;
import java.util.Map;

/**
 * A worker JVM for {@code LiveStateTest}: opens a session, logs in, writes localStorage and IndexedDB,
 * checkpoints, writes once more, prints {@code CHECKPOINTED <profile directory>} and waits to be killed.
 * With a fifth argument {@code auto}: checkpoints automatically every 2 s instead, writes a note, prints
 * {@code WRITTEN <profile directory>} and waits. Arguments: Redis URI, work directory, site origin,
 * session id (user/session)[, auto].
 */
public final class CheckpointWorker {
    private CheckpointWorker() {
    }

    public static void main(String[] args) throws Exception {
        String[] idParts = args[3].split("/", 2);
        SessionId id = SessionId.of(idParts[0], idParts[1]);
        BrowserStateManager manager = BrowserState.open(new BrowserStateConfig(URI.create(args[0]), Map.of("workDirectory", args[1],
                "leaseTtl", "2s")));
        boolean auto = args.length > 4 && "auto".equals(args[4]);
        BrowserSessionLauncher launcher = BrowserSessionLauncher.builder(manager)
                .settings(LaunchSettings.builder().checkpointEvery(auto ? java.time.Duration.ofSeconds(2) : null).build()).build();
        BrowserSession session = launcher.open(id);
        Page page = session.page();
        if (auto) {
            page.navigate(args[2] + "/login");
            SiteData.putLocalStorage(page, "note", "written 3 s before the kill");
            System.out.println("WRITTEN " + session.profile().directory());
            System.out.flush();
            Thread.currentThread().join(); // until the test SIGKILLs this JVM
        }
        page.navigate(args[2] + "/login");
        page.navigate(args[2] + "/login-session");
        SiteData.putLocalStorage(page, "note", "checkpointed in a worker JVM");
        SiteData.putIndexedDb(page, "basket", "seven plums");
        session.checkpoint();
        SiteData.putLocalStorage(page, "note", "after the checkpoint, lost with the JVM");
        System.out.println("CHECKPOINTED " + session.profile().directory());
        System.out.flush();
        Thread.currentThread().join(); // until the test SIGKILLs this JVM
    }
}
