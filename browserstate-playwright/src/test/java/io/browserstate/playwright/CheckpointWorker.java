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
 * Arguments: Redis URI, work directory, site origin, session id (user/session).
 */
public final class CheckpointWorker {
    private CheckpointWorker() {
    }

    public static void main(String[] args) throws Exception {
        String[] idParts = args[3].split("/", 2);
        SessionId id = SessionId.of(idParts[0], idParts[1]);
        BrowserStateManager manager = BrowserState.open(new BrowserStateConfig(URI.create(args[0]), Map.of("workDirectory", args[1],
                "leaseTtl", "2s")));
        BrowserSessionLauncher launcher = BrowserSessionLauncher.builder(manager).build();
        BrowserSession session = launcher.open(id);
        Page page = session.page();
        page.navigate(args[2] + "/login");
        page.navigate(args[2] + "/login-session");
        SiteData.putLocalStorage(page, "note", "checkpointed in a worker JVM");
        SiteData.putIndexedDb(page, "basket", "seven plums");
        session.checkpoint();
        SiteData.putLocalStorage(page, "note", "after the checkpoint, lost with the JVM");
        System.out.println("CHECKPOINTED " + session.profile().directory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
