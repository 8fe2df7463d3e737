package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.core.StorageStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Fork group: a fork references its source's chunks in the user's shared space instead of
 * copying them, forks are independent from then on, and a fleet forked from one template stores the
 * template once.
 *
 * @since 0.3
 */
public interface ForkGroup {
    /** Forks in the fleet test. */
    int FLEET = 100;

    /**
     * Forks a session: the fork writes under 1% of the profile's bytes, restores the source's tree, and
     * from then on saving, rolling back or deleting either leaves the other as it was.
     *
     * @param kit the store under test
     * @throws InterruptedException when interrupted while waiting out the grace period
     */
    @Test
    @DisplayName("a fork writes under 1% of the profile's bytes, restores the source's tree, and is independent from then on")
    default void forkCopiesNoChunksAndIsIndependent(KitStore kit) throws InterruptedException {
        SessionId template = kit.sid("template");
        Path dir = ProfileTrees.writeRandomTree(kit.dir("template"), 20, 100_000, 11);
        long full = kit.manager().save(template, dir).bytesWritten();
        SortedMap<String, String> original = ProfileTrees.describe(dir);
        StorageStats before = kit.counted().stats();

        SnapshotInfo forked = kit.manager().fork(template, kit.sid("worker"));

        long forkBytes = kit.counted().stats().minus(before).bytesWritten();
        System.out.println("[kit] fork on " + kit.provider().describe() + ": " + forkBytes + " bytes written for a " + full
                + "-byte save (" + String.format("%.3f%%", 100.0 * forkBytes / full) + ")");
        assertTrue(forkBytes * 100 < full, "the fork wrote " + forkBytes + " bytes, the full save " + full);
        assertEquals(1, forked.version());
        assertEquals(SnapshotInfo.Origin.FORK, forked.origin());
        assertEquals(template, forked.originSession());
        assertEquals(1L, forked.originVersion());
        kit.manager().restore(kit.sid("worker"), kit.dir("worker"));
        assertEquals(original, ProfileTrees.describe(kit.dir("worker")));

        // the worker changes: the template stays as it was
        ProfileTrees.write(kit.dir("worker").resolve("d0/mine.txt"), "the worker's".getBytes(StandardCharsets.UTF_8));
        kit.manager().save(kit.sid("worker"), kit.dir("worker"));
        kit.manager().restore(template, kit.dir("template-again"));
        assertEquals(original, ProfileTrees.describe(kit.dir("template-again")));
        // the template is deleted and its blobs are past their grace period: the worker keeps every chunk it shares with it
        assertTrue(kit.manager().delete(template));
        kit.waitOutGrace();
        assertEquals(1, kit.manager().collectGarbage(kit.user()).blobsDeleted(), "only the template's own snapshot record goes");
        kit.manager().restore(kit.sid("worker"), kit.dir("worker-again"));
        assertEquals(ProfileTrees.describe(kit.dir("worker")), ProfileTrees.describe(kit.dir("worker-again")));
        // a fork into itself or into an existing session is refused and changes nothing
        assertThrows(IllegalArgumentException.class, () -> kit.manager().fork(kit.sid("worker"), kit.sid("worker")));
        kit.manager().save(kit.sid("other"), ProfileTrees.writeRandomTree(kit.dir("other"), 2, 100, 12));
        assertThrows(SessionConflictException.class, () -> kit.manager().fork(kit.sid("worker"), kit.sid("other")));
        assertEquals(1, kit.manager().info(kit.sid("other")).orElseThrow().version());
    }

    /**
     * Forks {@value #FLEET} sessions from one template and saves each with one small change: the space
     * stores under twice the template's bytes (one copy per session would be about {@value #FLEET} times).
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("100 sessions forked from one template, each saved with a small change, store under 2x the template's bytes")
    default void aFleetForkedFromOneTemplateStoresItOnce(KitStore kit) {
        SessionId template = kit.sid("fleet-template");
        Path dir = ProfileTrees.writeRandomTree(kit.dir("fleet"), 30, 50_000, 13);
        kit.manager().save(template, dir);
        long templateBytes = kit.storedBytes();
        for (int i = 0; i < FLEET; i++) {
            SessionId worker = kit.sid("fleet-" + i);
            kit.manager().fork(template, worker);
            ProfileTrees.write(dir.resolve("d3/worker.txt"), ("worker " + i + " was here").getBytes(StandardCharsets.UTF_8));
            kit.manager().save(worker, dir);
        }
        long fleetBytes = kit.storedBytes();
        System.out.println("[kit] fleet on " + kit.provider().describe() + ": template " + templateBytes + " bytes stored; with "
                + FLEET + " forks each saved once " + fleetBytes + " bytes (" + String.format("%.2f", (double) fleetBytes / templateBytes)
                + "x)");
        assertTrue(fleetBytes < 2 * templateBytes, fleetBytes + " bytes stored for a template of " + templateBytes);
        kit.manager().restore(kit.sid("fleet-42"), kit.dir("w42"));
        SortedMap<String, String> w42 = ProfileTrees.describe(kit.dir("w42"));
        String mine = String.valueOf(w42.get("d3/worker.txt"));
        assertTrue(mine.contains(ProfileTrees.sha256("worker 42 was here".getBytes(StandardCharsets.UTF_8))), mine);
    }
}
