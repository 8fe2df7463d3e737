package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SaveResult;
import io.browserstate.core.BrowserState;
import io.browserstate.spi.Blob;
import io.browserstate.spi.Head;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's CrashSafety group: A save that fails half-way leaves the previous snapshot current and the local profile alone.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface CrashSafetyGroup {
    /**
     * Checks that blobs uploaded without a head move leave the current snapshot readable, and that the next save
     * collects them.
     *
     * @param kit the store under test
     * @throws InterruptedException when interrupted while waiting out the grace period
     */
    @Test
    @DisplayName("blobs uploaded without a head move leave the old snapshot readable, and a save after the grace period collects them")
    default void crashBetweenUploadAndHeadMoveKeepsOldSnapshot(KitStore kit) throws InterruptedException {
        Path source = ProfileTrees.writeRandomTree(kit.dir("source"), 6, 30_000, 3);
        kit.manager().save(kit.sid("crash"), source);
        byte[] orphan = ProfileTrees.random(new Random(5), 5000);
        String orphanId = ProfileTrees.sha256(orphan);
        kit.provider().putBlobs(kit.space(), List.of(new Blob(orphanId, orphan)));
        kit.manager().restore(kit.sid("crash"), kit.dir("restored"));
        assertEquals(ProfileTrees.describe(source), ProfileTrees.describe(kit.dir("restored")));
        SaveResult soon = kit.manager().save(kit.sid("crash"), source);
        assertEquals(0, soon.garbageCollected(), "within the grace period a blob may still be a save in flight's");
        assertTrue(kit.provider().listBlobs(kit.space()).containsKey(orphanId));
        kit.waitOutGrace();
        SaveResult next = kit.manager().save(kit.sid("crash"), source);
        assertEquals(1, next.garbageCollected());
        assertFalse(kit.provider().listBlobs(kit.space()).containsKey(orphanId));
    }

    /**
     * Checks that only the configured number of snapshots is kept, and that the blobs of older ones are collected.
     *
     * @param kit the store under test
     * @throws InterruptedException when interrupted while waiting out the grace period
     */
    @Test
    @DisplayName("only the configured number of snapshots is kept; blobs of older ones are collected after the grace period")
    default void olderSnapshotsAreCollected(KitStore kit) throws InterruptedException {
        BrowserStateManager keepTwo = BrowserState.create(kit.openProvider(Map.of()), kit.engineOptions().keepSnapshots(2).build());
        kit.closeLater(keepTwo);
        Path source = kit.dir("source");
        for (int v = 1; v <= 4; v++) {
            ProfileTrees.write(source.resolve("data.bin"), ProfileTrees.random(new Random(v), 20_000));
            keepTwo.save(kit.sid("gc"), source);
        }
        Head head = kit.provider().readHead(kit.sid("gc")).orElseThrow();
        assertEquals(4, head.version());
        assertEquals(1, head.history().size());
        kit.waitOutGrace();
        assertEquals(6, keepTwo.collectGarbage(kit.user()).blobsDeleted(), "the two dropped snapshots' data chunks, manifests and"
                + " records, which the saves that dropped them left alone within the grace period");
        assertEquals(6, kit.provider().listBlobs(kit.space()).size(), "two records, two manifests and two data chunks remain");
    }
}
