package io.browserstate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.core.BrowserState;
import io.browserstate.core.ForwardingStorageProvider;
import io.browserstate.core.StorageProviders;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobSpace;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race's own check on saves the engine refuses for missing their publish deadline: on a store too slow
 * for the grace period, every save is refused, each keeps its local tree, and the race reports the share of
 * refusals as its problem rather than as failed operations or unreadable sessions.
 */
class GcRaceRefusalTest {
    @TempDir
    Path temp;

    @Test
    void aStoreTooSlowForTheGracePeriodIsReportedAsMissedDeadlinesNotAsLostSessions() throws Exception {
        Duration grace = BrowserStateOptions.MIN_GC_GRACE;
        ForwardingStorageProvider slow = new ForwardingStorageProvider(StorageProviders.open(URI.create("memory:refusals-" + System.nanoTime()), Map.of())) {
            @Override
            public void putBlobs(BlobSpace space, List<Blob> blobs) {
                try {
                    // the slowness is what is under test, not a wait for a condition: every upload outlasts the publish deadline
                    Thread.sleep(grace.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.putBlobs(space, blobs);
            }
        };
        BrowserStateManager m = BrowserState.create(slow, BrowserStateOptions.builder().workDirectory(temp.resolve("mounts")).gcGrace(grace).build());
        try {
            GcRace.Outcome outcome = new GcRace(m, "slow", temp.resolve("race"), 3).run(12, 2, grace);
            assertThat(outcome.byKind()).containsKey(GcRace.REFUSED).doesNotContainKeys("save", "create");
            assertThat(outcome.problems()).singleElement().asString().contains("missed their publish deadline");
            assertThat(outcome.sessionsVerified()).isZero();
        } finally {
            m.close();
        }
    }
}
