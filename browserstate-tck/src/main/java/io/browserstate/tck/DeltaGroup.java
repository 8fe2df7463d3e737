package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.SaveResult;
import io.browserstate.core.StorageStats;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Delta group: A save sends only the chunks the store lacks.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface DeltaGroup {
    /**
     * Checks that after a one-file change a save writes only the changed chunk and a new manifest, and that the
     * engine's byte count matches the provider's.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("after a one-file change, a save writes only the changed chunk and the manifest")
    default void deltaSaveWritesOnlyNewBlobs(KitStore kit) {
        Path source = ProfileTrees.writeRandomTree(kit.dir("source"), 40, 100_000, 7);
        StorageStats s0 = kit.counted().stats();
        SaveResult first = kit.manager().save(kit.sid("delta"), source);
        StorageStats full = kit.counted().stats().minus(s0);
        ProfileTrees.write(source.resolve("d3/f3.bin"), ProfileTrees.random(new Random(99), 4096));
        StorageStats s1 = kit.counted().stats();
        SaveResult second = kit.manager().save(kit.sid("delta"), source);
        StorageStats delta = kit.counted().stats().minus(s1);
        assertEquals(3, delta.blobsWritten(), "one new chunk, one manifest and one snapshot record");
        assertEquals(3, second.blobsWritten());
        assertTrue(delta.bytesWritten() * 100 < full.bytesWritten(),
                "delta wrote " + delta.bytesWritten() + " bytes, full save " + full.bytesWritten());
        assertEquals(full.bytesWritten(), first.bytesWritten(), "the engine's count matches the kit.provider()'s");
        kit.manager().restore(kit.sid("delta"), kit.dir("restored"));
        assertEquals(ProfileTrees.describe(source), ProfileTrees.describe(kit.dir("restored")));
    }

    /**
     * Checks that saving an unchanged profile uploads only a new manifest and its snapshot record.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("saving an unchanged profile uploads only a new manifest and its snapshot record")
    default void unchangedProfileUploadsOnlyManifest(KitStore kit) {
        Path source = ProfileTrees.writeRandomTree(kit.dir("source"), 10, 50_000, 8);
        kit.manager().save(kit.sid("same"), source);
        StorageStats before = kit.counted().stats();
        SaveResult again = kit.manager().save(kit.sid("same"), source);
        assertEquals(2, kit.counted().stats().minus(before).blobsWritten());
        assertEquals(2, again.version());
    }
}
