package io.browserstate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.CountingStorageProvider;
import io.browserstate.core.StorageProviders;
import io.browserstate.core.memory.MemoryStorageProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile of many small files: its manifest is stored in content-defined parts, and a delta save re-sends only the changed ones. */
class LargeManifestDeltaTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("6,000 small files, one changed: the delta sends a few parts of the manifest, not the whole, and both versions restore exactly")
    void deltaOfManySmallFilesSendsFewManifestParts() {
        String store = "manifest-" + UUID.randomUUID();
        CountingStorageProvider provider = new CountingStorageProvider(StorageProviders.open(URI.create("memory:" + store), Map.of()));
        Path tree = temp.resolve("tree");
        for (int i = 0; i < 6_000; i++) {
            ProfileTrees.write(tree.resolve("Default/IndexedDB/https_site_" + (i % 40) + ".indexeddb.blob/" + i),
                    ("record " + i + " of a small IndexedDB blob").getBytes(StandardCharsets.UTF_8));
        }
        try (BrowserStateManager manager = BrowserState.create(provider, BrowserStateOptions.builder().workDirectory(temp.resolve("work")).build())) {
            SessionId id = SessionId.of("many", "small");
            SaveResult full = manager.save(id, tree);
            ProfileTrees.write(tree.resolve("Default/IndexedDB/https_site_7.indexeddb.blob/3007"), "changed".getBytes(StandardCharsets.UTF_8));
            SaveResult delta = manager.save(id, tree);

            // the full save's bytes are nearly all manifest: 6,000 files of 30-odd bytes in about 6,000 chunks
            assertThat(full.bytesWritten()).isGreaterThan(300_000);
            assertThat(delta.bytesWritten()).as("delta %s of full %s", delta.bytesWritten(), full.bytesWritten())
                    .isLessThan(full.bytesWritten() / 10);
            assertThat(ProfileTrees.describe(manager.restore(id, temp.resolve("v2")).directory())).isEqualTo(ProfileTrees.describe(tree));
            ProfileTrees.write(tree.resolve("Default/IndexedDB/https_site_7.indexeddb.blob/3007"),
                    "record 3007 of a small IndexedDB blob".getBytes(StandardCharsets.UTF_8));
            Path v1 = manager.restore(id, 1, temp.resolve("v1")).directory();
            assertThat(ProfileTrees.describe(v1).keySet()).isEqualTo(ProfileTrees.describe(tree).keySet());
            assertThat(ProfileTrees.describe(v1).get("Default/IndexedDB/https_site_7.indexeddb.blob/3007"))
                    .startsWith(ProfileTrees.describe(tree).get("Default/IndexedDB/https_site_7.indexeddb.blob/3007").substring(0, 70));
        } finally {
            MemoryStorageProvider.clear(store);
        }
    }

    @Test
    @DisplayName("a manifest that repeats itself (two copies of a 16 MiB file in 4 KiB chunks list the same 4,096 ids) is stored in distinct parts and restores")
    void repetitiveManifestRestores() {
        String store = "manifest-" + UUID.randomUUID();
        Path tree = temp.resolve("copies");
        byte[] image = new byte[16 * 1024 * 1024];
        new java.util.Random(7).nextBytes(image);
        ProfileTrees.write(tree.resolve("Default/disk.img"), image);
        ProfileTrees.write(tree.resolve("Default/disk copy.img"), image);
        try (BrowserStateManager manager = BrowserState.create(StorageProviders.open(URI.create("memory:" + store), Map.of()),
                BrowserStateOptions.builder().workDirectory(temp.resolve("work")).chunkSize(4096).build())) {
            SessionId id = SessionId.of("many", "copies");
            SaveResult saved = manager.save(id, tree);
            assertThat(saved.fileCount()).isEqualTo(2);
            assertThat(ProfileTrees.describe(manager.restore(id, temp.resolve("back")).directory())).isEqualTo(ProfileTrees.describe(tree));
        } finally {
            MemoryStorageProvider.clear(store);
        }
    }
}
