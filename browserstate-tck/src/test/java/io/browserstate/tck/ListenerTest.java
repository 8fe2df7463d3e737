package io.browserstate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateListener;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.Operation;
import io.browserstate.api.OperationEvent;
import io.browserstate.api.Outcome;
import io.browserstate.api.Progress;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionNotFoundException;
import io.browserstate.core.BrowserState;
import io.browserstate.core.StorageProviders;
import io.browserstate.core.memory.MemoryStorageProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a BrowserStateListener hears: progress in order up to the whole, and each operation's end with its outcome. */
class ListenerTest {
    @TempDir
    Path temp;
    String store;
    BrowserStateManager manager;
    final List<Progress> progress = new CopyOnWriteArrayList<>();
    final List<OperationEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = "listen-" + UUID.randomUUID();
        manager = BrowserState.create(StorageProviders.open(URI.create("memory:" + store), Map.of()),
                BrowserStateOptions.builder().workDirectory(temp.resolve("work")).chunkSize(64 * 1024).build());
        manager.addListener(new BrowserStateListener() {
            @Override
            public void onProgress(Progress p) {
                progress.add(p);
            }

            @Override
            public void onFinished(OperationEvent e) {
                events.add(e);
            }
        });
    }

    @AfterEach
    void close() {
        manager.close();
        MemoryStorageProvider.clear(store);
    }

    @Test
    @DisplayName("a save and a restore report progress in order up to every file and byte, then finish with their figures")
    void saveAndRestoreReportProgressAndFigures() {
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 60, 400_000, 7);
        SessionId id = SessionId.of("listen", "tree");
        var saved = manager.save(id, tree);
        List<Progress> ofSave = List.copyOf(progress);
        progress.clear();
        var restored = manager.restore(id, temp.resolve("restored"));
        List<Progress> ofRestore = List.copyOf(progress);

        for (List<Progress> run : List.of(ofSave, ofRestore)) {
            assertThat(run).hasSizeGreaterThanOrEqualTo(4).anySatisfy(p -> {
                assertThat(p.phase()).isEqualTo(Progress.Phase.TRANSFERRING);
                assertThat(p.bytesDone()).isStrictlyBetween(0L, p.bytesTotal());
            });
            for (int i = 1; i < run.size(); i++) {
                assertThat(run.get(i).bytesDone()).isGreaterThanOrEqualTo(run.get(i - 1).bytesDone());
                assertThat(run.get(i).phase().ordinal()).isGreaterThanOrEqualTo(run.get(i - 1).phase().ordinal());
            }
            Progress last = run.get(run.size() - 1);
            assertThat(last.phase()).isEqualTo(Progress.Phase.DONE);
            assertThat(last.filesDone()).isEqualTo(last.filesTotal()).isEqualTo(saved.fileCount());
            assertThat(last.bytesDone()).isEqualTo(last.bytesTotal()).isEqualTo(saved.totalBytes());
            assertThat(last.fraction()).isEqualTo(1.0);
        }
        assertThat(ofSave).allSatisfy(p -> assertThat(p.operation()).isEqualTo(Operation.SAVE));
        assertThat(ofRestore).allSatisfy(p -> assertThat(p.operation()).isEqualTo(Operation.RESTORE));

        assertThat(events).hasSize(2);
        OperationEvent save = events.get(0);
        assertThat(save.operation()).isEqualTo(Operation.SAVE);
        assertThat(save.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(save.backend()).isEqualTo("memory");
        assertThat(save.session()).isEqualTo(id);
        assertThat(save.bytesSent()).isEqualTo(saved.bytesWritten()).isPositive();
        assertThat(save.chunksWritten()).isEqualTo(saved.blobsWritten());
        OperationEvent restore = events.get(1);
        assertThat(restore.operation()).isEqualTo(Operation.RESTORE);
        assertThat(restore.bytesReceived()).isEqualTo(restored.bytesRead()).isPositive();

        events.clear();
        ProfileTrees.write(tree.resolve("d0/changed.txt"), "one small change".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        manager.save(id, tree);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.bytesReused()).as("a delta reuses what the store has")
                .isGreaterThanOrEqualTo(saved.totalBytes()));
    }

    @Test
    @DisplayName("a fork reports its bytes: reused within a user, copied chunk by chunk across users, then finished")
    void forkReportsProgress() {
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 40, 300_000, 11);
        SessionId source = SessionId.of("listen", "source");
        var saved = manager.save(source, tree);
        for (SessionId target : List.of(SessionId.of("listen", "same-user"), SessionId.of("other", "across"))) {
            progress.clear();
            events.clear();
            manager.fork(source, target);
            assertThat(progress).allSatisfy(p -> {
                assertThat(p.operation()).isEqualTo(Operation.FORK);
                assertThat(p.session()).isEqualTo(target);
            });
            assertThat(progress).anySatisfy(p -> assertThat(p.phase()).isEqualTo(Progress.Phase.TRANSFERRING));
            for (int i = 1; i < progress.size(); i++) {
                assertThat(progress.get(i).bytesDone()).isGreaterThanOrEqualTo(progress.get(i - 1).bytesDone());
            }
            Progress last = progress.get(progress.size() - 1);
            assertThat(last.phase()).isEqualTo(Progress.Phase.DONE);
            assertThat(last.filesDone()).isEqualTo(last.filesTotal()).isEqualTo(saved.fileCount());
            assertThat(last.bytesDone()).isEqualTo(last.bytesTotal()).isEqualTo(saved.totalBytes());
            OperationEvent fork = events.get(events.size() - 1);
            assertThat(fork.operation()).isEqualTo(Operation.FORK);
            if (target.userId().equals(source.userId())) {
                assertThat(fork.bytesReused()).as("within a user every chunk is there").isEqualTo(saved.totalBytes());
            } else {
                assertThat(fork.bytesReused()).as("another user's space has none of them").isZero();
                assertThat(progress).as("copying reports as it goes").anySatisfy(p ->
                        assertThat(p.bytesDone()).isStrictlyBetween(0L, p.bytesTotal()));
            }
        }
    }

    @Test
    @DisplayName("mount and close, a conflict and a missing session each end with their own outcome")
    void outcomesOfMountCloseConflictAndNotFound() {
        SessionId id = SessionId.of("listen", "mounted");
        try (BrowserStateManager other = BrowserState.create(StorageProviders.open(URI.create("memory:" + store), Map.of()),
                BrowserStateOptions.builder().workDirectory(temp.resolve("other")).build())) {
            List<OperationEvent> theirs = new CopyOnWriteArrayList<>();
            other.addListener(new BrowserStateListener() {
                @Override
                public void onFinished(OperationEvent e) {
                    theirs.add(e);
                }
            });
            try (MountedSession s = manager.mount(id)) {
                ProfileTrees.write(s.directory().resolve("Default/Preferences"), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThatThrownBy(() -> other.mount(id)).isInstanceOf(SessionConflictException.class);
            }
            assertThatThrownBy(() -> other.restore(SessionId.of("listen", "absent"), temp.resolve("none")))
                    .isInstanceOf(SessionNotFoundException.class);
            assertThat(theirs).extracting(OperationEvent::operation, OperationEvent::outcome).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Operation.MOUNT, Outcome.CONFLICT),
                    org.assertj.core.groups.Tuple.tuple(Operation.RESTORE, Outcome.NOT_FOUND));
            assertThat(theirs.get(0).failure()).isInstanceOf(SessionConflictException.class);
        }
        assertThat(events).extracting(OperationEvent::operation, OperationEvent::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Operation.MOUNT, Outcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple(Operation.CLOSE, Outcome.SUCCESS));
        assertThat(events.get(1).bytesSent()).isPositive();
    }

    @Test
    @DisplayName("a listener that throws never fails the operation; a closed registration hears nothing more")
    void failingListenerIsIgnoredAndRegistrationCloses() {
        List<OperationEvent> heard = new CopyOnWriteArrayList<>();
        BrowserStateListener.Registration r = manager.addListener(new BrowserStateListener() {
            @Override
            public void onProgress(Progress p) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onFinished(OperationEvent e) {
                heard.add(e);
                throw new IllegalStateException("listener bug");
            }
        });
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("t"), 3, 1000, 1);
        manager.save(SessionId.of("listen", "robust"), tree);
        assertThat(heard).hasSize(1);
        r.close();
        manager.save(SessionId.of("listen", "robust"), tree);
        assertThat(heard).hasSize(1);
    }
}
