package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.MountOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Checkpoint group: a mount publishes checkpoints (its base snapshot plus files) without
 * reading its directory; a checkpoint replaces the checkpoint before it in the history; a worker that
 * dies after a checkpoint is recovered from it by the next mount; and a save after it is a delta.
 *
 * @since 0.4
 */
public interface CheckpointGroup {

    /**
     * Checkpoints a mount twice, then abandons it (as a worker that died): the next mount restores the
     * base tree plus the second checkpoint's file; the history keeps the first save and the last
     * checkpoint only; a close after that publishes a save that sends only what changed.
     *
     * @param kit the store under test
     * @throws Exception when the tree cannot be written
     */
    @Test
    @DisplayName("checkpoints publish the base plus files without reading the directory; the next mount recovers the newest one")
    default void checkpointsPublishALayerAndTheNextMountRecoversIt(KitStore kit) throws Exception {
        SessionId id = kit.sid("checkpointed");
        Path dir = ProfileTrees.writeRandomTree(kit.dir("profile"), 20, 50_000, 81);
        SaveResult full = kit.manager().save(id, dir);
        SortedMap<String, String> tree = ProfileTrees.describe(dir);

        MountedSession worker = kit.manager().mount(id);
        // what the running program changed on disk is not part of a checkpoint
        ProfileTrees.write(worker.directory().resolve("d0/unsaved.txt"), "not yet".getBytes(StandardCharsets.UTF_8));
        SaveResult first = worker.checkpoint(Map.of(".state/live.json", "{\"n\":1}".getBytes(StandardCharsets.UTF_8)));
        SaveResult second = worker.checkpoint(Map.of(".state/live.json", "{\"n\":2}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, first.version());
        assertEquals(3, second.version());
        assertTrue(second.bytesWritten() * 100 < full.bytesWritten(), "a checkpoint wrote " + second.bytesWritten() + " bytes, the save "
                + full.bytesWritten());
        assertEquals(full.fileCount() + 1, second.fileCount());
        List<SnapshotInfo> history = kit.manager().history(id, null, 10).items();
        assertEquals(List.of(3L, 1L), history.stream().map(SnapshotInfo::version).toList(), "the second checkpoint replaced the first");
        assertEquals(SnapshotInfo.Origin.CHECKPOINT, history.get(0).origin());
        assertThrows(IllegalArgumentException.class, () -> worker.checkpoint(Map.of("../outside", new byte[1])));
        assertThrows(IllegalArgumentException.class, () -> worker.checkpoint(Map.of("d0", new byte[1])), "d0 is a directory");
        assertThrows(IllegalArgumentException.class, () -> worker.checkpoint(Map.of()));
        worker.discard(); // the worker dies: its lease goes, nothing more is saved

        try (MountedSession next = kit.manager().mount(id)) {
            assertEquals(3, next.restored().version());
            assertEquals("{\"n\":2}", Files.readString(next.directory().resolve(".state/live.json")));
            SortedMap<String, String> restored = ProfileTrees.describe(next.directory());
            restored.keySet().removeIf(p -> p.startsWith(".state"));
            assertEquals(tree, restored, "the checkpoint holds the base tree as it was saved");
            Files.delete(next.directory().resolve(".state/live.json"));
            ProfileTrees.write(next.directory().resolve("d0/after.txt"), "after recovery".getBytes(StandardCharsets.UTF_8));
            SaveResult after = next.save();
            assertEquals(4, after.version());
            assertTrue(after.bytesWritten() * 100 < full.bytesWritten(), "the save after a checkpoint is a delta: " + after.bytesWritten());
            next.discard(); // saved already: no second save at close
        }
        assertEquals(List.of(4L, 3L, 1L), kit.manager().history(id, null, 10).items().stream().map(SnapshotInfo::version).toList());

        try (MountedSession ro = kit.manager().mount(id, MountOptions.readOnlyMount())) {
            assertThrows(IllegalStateException.class, () -> ro.checkpoint(Map.of("x", new byte[1])));
        }
    }
}
