package io.browserstate.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.StorageProviders;
import io.browserstate.core.tree.Trees;
import io.browserstate.tck.ProfileTrees;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file store whose content was tampered with: every case ends in a typed error, quickly, and
 * nothing is read from or written to a place outside the store.
 */
class HostileFileStoreTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path temp;
    Path store;
    BrowserStateManager manager;
    final SessionId id = SessionId.of("mallory", "profile");

    @BeforeEach
    void open() {
        store = temp.resolve("store");
        manager = BrowserState.create(StorageProviders.open(store.toUri(), Map.of()),
                BrowserStateOptions.builder().workDirectory(temp.resolve("mounts")).build());
        ProfileTrees.write(temp.resolve("profile/Default/Cookies"), "cookie".repeat(1000).getBytes(StandardCharsets.UTF_8));
        manager.save(id, temp.resolve("profile"));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Path sessionDir() {
        return store.resolve("sessions/mallory/profile");
    }

    /** The user's shared space, which holds the session's blobs. */
    private Path spaceDir() {
        return store.resolve("shared/mallory");
    }

    /** A blob a restore of the saved session reads: any but its snapshot record, which only history reads. */
    private Path someBlob() throws IOException {
        java.util.Properties head = new java.util.Properties();
        try (java.io.Reader r = Files.newBufferedReader(sessionDir().resolve("head.properties"), StandardCharsets.ISO_8859_1)) {
            head.load(r);
        }
        String record = head.getProperty("snapshotId");
        try (Stream<Path> all = Files.walk(spaceDir().resolve("blobs"))) {
            return all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(record)).findFirst().orElseThrow();
        }
    }

    private void assertRestoreRefused(String message) {
        Path target = temp.resolve("restored");
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> manager.restore(id, target))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining(message));
        assertThat(target).doesNotExist();
    }

    @Test
    @DisplayName("a blob replaced by a link to /dev/zero is refused, not read")
    void blobLinkedToDevZeroIsRefused() throws IOException {
        Path blob = someBlob();
        Files.delete(blob);
        Files.createSymbolicLink(blob, Path.of("/dev/zero"));
        assertRestoreRefused("symbolic link");
    }

    @Test
    @DisplayName("a 3 GB sparse blob is refused by its size before it is read")
    void sparseHugeBlobIsRefused() throws IOException {
        Path blob = someBlob();
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            f.setLength(3L * 1024 * 1024 * 1024);
        }
        assertRestoreRefused("larger than the largest blob");
    }

    @Test
    @DisplayName("a FIFO in place of a blob is refused without hanging the restore")
    void fifoBlobIsRefused() throws Exception {
        Path blob = someBlob();
        Files.delete(blob);
        Process mkfifo = new ProcessBuilder("mkfifo", blob.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        assertRestoreRefused("FIFO");
    }

    @Test
    @DisplayName("a .lock link is not followed: nothing is created at its target")
    void lockLinkIsNotFollowed() throws IOException {
        Path lock = sessionDir().resolve(".lock");
        Files.delete(lock);
        Path victim = temp.resolve("victim-file");
        Files.createSymbolicLink(lock, victim);
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> manager.mount(id))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("lock file"));
        assertThat(Files.exists(victim, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    @DisplayName("a session directory that is a link is refused: saves never write outside the store")
    void linkedSessionDirectoryIsRefused() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        SessionId other = SessionId.of("mallory", "other");
        Files.createSymbolicLink(store.resolve("sessions/mallory/other"), outside);
        assertCorruptData(catchThrowable(() -> manager.save(other, temp.resolve("profile"))), "symbolic link");
        try (Stream<Path> written = Files.list(outside)) {
            assertThat(written).isEmpty();
        }
    }

    @Test
    @DisplayName("a blob directory that is a link is refused: saves never write outside the store")
    void linkedBlobDirectoryIsRefused() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside-blobs"));
        Path blobs = spaceDir().resolve("blobs");
        Trees.delete(blobs);
        Files.createSymbolicLink(blobs, outside);
        ProfileTrees.write(temp.resolve("profile/Default/New"), new byte[] {1, 2, 3});
        assertCorruptData(catchThrowable(() -> manager.save(id, temp.resolve("profile"))), "symbolic link");
        try (Stream<Path> written = Files.list(outside)) {
            assertThat(written).isEmpty();
        }
    }

    /** The failure is, or was caused by, corrupt data with {@code message}. */
    private static void assertCorruptData(Throwable thrown, String message) {
        Throwable t = thrown;
        while (t != null && !(t instanceof CorruptDataException)) {
            t = t.getCause();
        }
        assertThat(t).as("a CorruptDataException in %s", thrown).isNotNull();
        assertThat(t).hasMessageContaining(message);
    }

    @Test
    @DisplayName("a malformed head is corrupt data, not a NumberFormatException")
    void malformedHeadIsCorruptData() throws IOException {
        Path head = sessionDir().resolve("head.properties");
        Files.writeString(head, Files.readString(head).replaceAll("version=\\d+", "version=x1"));
        assertThatThrownBy(() -> manager.restore(id, temp.resolve("restored")))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("malformed");
    }
}
