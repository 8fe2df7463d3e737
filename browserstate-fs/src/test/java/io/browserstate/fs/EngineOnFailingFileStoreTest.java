package io.browserstate.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SaveFailedException;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.StorageProviders;
import io.browserstate.spi.Lease;
import io.browserstate.spi.StorageProvider;
import io.browserstate.tck.ProfileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine promises when the file store itself fails or is changed under it: a save that fails
 * half-way, a mount whose save fails on close, a lease lost during a restore. The rest of the engine's
 * promises are tested on the memory provider ({@code EngineOnMemoryTest} in browserstate-tck).
 */
class EngineOnFailingFileStoreTest {
    @TempDir
    Path temp;
    Path store;
    BrowserStateManager manager;
    final SessionId id = SessionId.of("alice", "profile");

    @BeforeEach
    void open() {
        store = temp.resolve("store");
        manager = BrowserState.create(StorageProviders.open(store.toUri(), Map.of()), options().build());
    }

    BrowserStateOptions.Builder options() {
        return BrowserStateOptions.builder().workDirectory(temp.resolve("mounts"));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void mountWhenLeaseIsTakenOverDuringTheRestoreThenConflictNotCorruptData() throws IOException {
        Path profile = ProfileTrees.writeRandomTree(temp.resolve("lapse"), 3, 2000, 9);
        manager.save(id, profile);
        manager.close();
        StorageProvider real = StorageProviders.open(store.toUri(), Map.of());
        HookedProvider hooked = new HookedProvider(real, () -> {
            // what a stalled mount would find on waking: its lease lapsed, another worker took it and collected
            try {
                Files.delete(store.resolve("sessions/alice/profile/lease.properties"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            real.tryAcquireLease(id, "other", java.time.Duration.ofSeconds(30)).orElseThrow();
            io.browserstate.spi.BlobSpace space = io.browserstate.spi.BlobSpace.shared(id.userId());
            real.deleteBlobs(space, real.listBlobs(space).keySet(), java.time.Instant.now().plusSeconds(60));
        });
        manager = BrowserState.create(hooked, options().build());
        assertThatThrownBy(() -> manager.mount(id))
                .isInstanceOf(SessionConflictException.class)
                .hasMessageContaining("lease lapsed")
                .hasCauseInstanceOf(CorruptDataException.class);
    }

    @Test
    void saveThatFailsMidwayKeepsLocalDirectoryAndPreviousSnapshot() throws IOException {
        Path profile = temp.resolve("profile");
        ProfileTrees.writeRandomTree(profile, 4, 10_000, 21);
        SaveResult first = manager.save(id, profile);
        SortedMap<String, String> savedTree = ProfileTrees.describe(profile);

        ProfileTrees.writeRandomTree(profile, 120, 60_000, 22);
        SortedMap<String, String> localTree = ProfileTrees.describe(profile);
        breakHalfTheBlobDirectories();

        assertThatThrownBy(() -> manager.save(id, profile))
                .isInstanceOf(SaveFailedException.class)
                .hasMessageContaining(profile.toString())
                .satisfies(e -> assertThat(((SaveFailedException) e).keptDirectory()).isEqualTo(profile));

        assertThat(ProfileTrees.describe(profile)).isEqualTo(localTree);
        assertThat(manager.info(id).orElseThrow().version()).isEqualTo(first.version());
        manager.restore(id, temp.resolve("restored"));
        assertThat(ProfileTrees.describe(temp.resolve("restored"))).isEqualTo(savedTree);
    }

    @Test
    void mountWhoseSaveFailsOnCloseKeepsItsDirectory() {
        Path kept;
        MountedSession s = manager.mount(id);
        kept = s.directory();
        ProfileTrees.writeRandomTree(kept, 60, 30_000, 23);
        breakHalfTheBlobDirectories();
        assertThatThrownBy(s::close).isInstanceOf(SaveFailedException.class)
                .satisfies(e -> assertThat(((SaveFailedException) e).keptDirectory()).isEqualTo(kept));
        assertThat(kept.resolve("d0/f0.bin")).exists();
        assertThat(manager.exists(id)).isFalse();
        // the lease was released even though the save failed
        manager.mount(id).discard();
    }

    /** Makes the store unwritable for half the blob ids: their fan-out directories become plain files. */
    private void breakHalfTheBlobDirectories() {
        Path blobs = store.resolve("shared").resolve(id.userId()).resolve("blobs");
        try {
            Files.createDirectories(blobs);
            for (int i = 0; i < 256; i += 2) {
                Path fan = blobs.resolve(String.format("%02x", i));
                if (!Files.exists(fan)) {
                    Files.writeString(fan, "not a directory");
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
