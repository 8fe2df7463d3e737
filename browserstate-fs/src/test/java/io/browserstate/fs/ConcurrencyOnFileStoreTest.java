package io.browserstate.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.StorageProviders;
import io.browserstate.tck.ProfileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases held through long work, restores racing saves, and manifests too large for one blob. */
class ConcurrencyOnFileStoreTest {
    @TempDir
    Path temp;
    final SessionId id = SessionId.of("carol", "profile");

    private BrowserStateManager manager(BrowserStateOptions.Builder options) {
        return BrowserState.create(StorageProviders.open(temp.resolve("store").toUri(), Map.of()),
                options.workDirectory(temp.resolve("mounts")).build());
    }

    @Test
    void mountKeepsItsLeaseLongPastTheLeaseTtl() throws InterruptedException {
        try (BrowserStateManager a = manager(BrowserStateOptions.builder().leaseTtl(Duration.ofSeconds(1)));
             BrowserStateManager b = manager(BrowserStateOptions.builder().leaseTtl(Duration.ofSeconds(1)))) {
            MountedSession mounted = a.mount(id);
            ProfileTrees.write(mounted.directory().resolve("Default/Preferences"), new byte[] {1, 2, 3});
            Thread.sleep(3500);
            assertThatThrownBy(() -> b.mount(id)).isInstanceOf(SessionConflictException.class);
            SaveResult saved = mounted.save();
            assertThat(saved.version()).isEqualTo(1);
            mounted.close();
            b.mount(id).discard();
        }
    }

    @Test
    void restoreThatRacesSavesWhichCollectItsChunksRetriesFromTheNewHead() {
        Path v1 = ProfileTrees.writeRandomTree(temp.resolve("v1"), 4, 50_000, 1);
        Path v2 = ProfileTrees.writeRandomTree(temp.resolve("v2"), 4, 50_000, 2);
        Path v3 = ProfileTrees.writeRandomTree(temp.resolve("v3"), 4, 50_000, 3);
        try (BrowserStateManager writer = manager(BrowserStateOptions.builder().keepSnapshots(1).gcGrace(java.time.Duration.ofMillis(300)))) {
            writer.save(id, v1);
            java.time.Instant graceOver = java.time.Instant.now().plusMillis(300);
            HookedProvider hooked = new HookedProvider(StorageProviders.open(temp.resolve("store").toUri(), Map.of()), () -> {
                // between reading the head (v1) and reading its blobs, two saves publish v2 and v3
                // and, v1's claims being past the grace period, collect its chunks: the restore must not
                // report that as corruption
                while (!java.time.Instant.now().isAfter(graceOver)) {
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // the file store's clock is this one
                }
                writer.save(id, v2);
                writer.save(id, v3);
            });
            try (BrowserStateManager reader = BrowserState.create(hooked, BrowserStateOptions.builder().workDirectory(temp.resolve("m2")).build())) {
                RestoreResult restored = reader.restore(id, temp.resolve("restored"));
                assertThat(restored.version()).isEqualTo(3);
            }
        }
        assertThat(ProfileTrees.describe(temp.resolve("restored"))).isEqualTo(ProfileTrees.describe(v3));
    }

    @Test
    void saveWhoseCompareAndSetReplyIsLostStillSucceedsWhenTheHeadIsItsOwn() {
        Path v1 = ProfileTrees.writeRandomTree(temp.resolve("v1"), 3, 10_000, 4);
        HookedProvider lossy = new HookedProvider(StorageProviders.open(temp.resolve("store").toUri(), Map.of()), null).loseCasReplies();
        try (BrowserStateManager m = BrowserState.create(lossy, BrowserStateOptions.builder().workDirectory(temp.resolve("m")).build())) {
            assertThat(m.save(id, v1).version()).isEqualTo(1);
            assertThat(m.info(id).orElseThrow().version()).isEqualTo(1);
            ProfileTrees.write(v1.resolve("d0/f0.bin"), new byte[] {7});
            assertThat(m.save(id, v1).version()).isEqualTo(2);
        }
    }

    @Test
    void manifestLargerThanOneBlobIsStoredInPartsAndRestored() throws IOException {
        Path profile = temp.resolve("profile");
        byte[] same = "x".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String longName = "a-long-file-name-as-extensions-and-service-workers-create-them-".repeat(2);
        for (int i = 0; i < 24_000; i++) {
            Path p = profile.resolve("d" + (i % 50)).resolve(longName + i);
            Files.createDirectories(p.getParent());
            Files.write(p, same);
        }
        ProfileTrees.write(profile.resolve("big.bin"), ProfileTrees.random(new Random(1), 1000));
        try (BrowserStateManager m = manager(BrowserStateOptions.builder())) {
            SaveResult saved = m.save(id, profile);
            assertThat(saved.fileCount()).isEqualTo(24_001);
            assertThat(saved.blobsWritten()).as("2 chunks, at least 2 manifest parts and the list of parts").isGreaterThanOrEqualTo(5);
            m.restore(id, temp.resolve("restored"));
            ProfileTrees.write(profile.resolve("big.bin"), ProfileTrees.random(new Random(2), 1000));
            SaveResult second = m.save(id, profile);
            assertThat(second.garbageCollected()).as("the replaced chunk; the old manifest parts are kept with its snapshot").isZero();
            m.restore(id, temp.resolve("restored2"));
        }
        assertThat(ProfileTrees.describe(temp.resolve("restored2"))).isEqualTo(ProfileTrees.describe(profile));
        try (var files = Files.walk(temp.resolve("restored"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(24_001);
        }
    }
}
