package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.core.BrowserState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's GcSafety group: garbage collection of a shared space while savers, forkers, rollbacks and
 * deleters run never makes a kept snapshot unreadable, and leaves nothing unreferenced once the grace
 * period has passed. A short run of {@link GcRace}; stores run it longer in their own tests.
 *
 * @since 0.3
 */
public interface GcSafetyGroup {
    /** Operations in the kit's run. */
    int OPERATIONS = 200;
    /** The grace period of the race's manager: collections delete during the race, and a save on the slowest kit store (SQLite, one connection, a loaded CI machine) still publishes within it. */
    Duration GRACE = Duration.ofSeconds(3);

    /**
     * Runs {@value #OPERATIONS} operations of savers, forkers, rollbacks, deleters and collectors at once
     * on one user's space; afterwards every kept snapshot restores exactly, and after the grace period
     * nothing unreferenced is left.
     *
     * @param kit the store under test
     * @throws Exception when a thread of the race fails
     */
    @Test
    @DisplayName("savers, forkers, rollbacks, deleters and collectors at once (200 operations): every kept snapshot restores, nothing unreferenced is left")
    default void collectionRacingEveryWriterKeepsEveryKeptSnapshot(KitStore kit) throws Exception {
        BrowserStateManager m = BrowserState.create(kit.openProvider(Map.of()), kit.engineOptions().gcGrace(GRACE).keepSnapshots(3).build());
        kit.closeLater(m);
        GcRace.Outcome outcome = new GcRace(m, kit.user(), kit.dir("race"), 7).run(OPERATIONS, 4, GRACE);
        System.out.println("[kit] gc race on " + kit.provider().describe() + ": " + outcome.operations() + " operations " + outcome.byKind()
                + ", " + outcome.snapshotsVerified() + " kept snapshots of " + outcome.sessionsVerified() + " sessions verified, final "
                + outcome.finalCollection() + ", problems: " + outcome.problems().size());
        assertEquals(List.of(), outcome.problems());
        assertTrue(outcome.snapshotsVerified() > outcome.sessionsVerified(), "histories were verified, not only current snapshots");
        assertTrue(outcome.byKind().getOrDefault("collect", 0) > 0 && outcome.byKind().getOrDefault("fork", 0) > 0);
    }
}
