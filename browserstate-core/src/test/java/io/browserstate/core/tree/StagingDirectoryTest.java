package io.browserstate.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingDirectoryTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("a committed staging directory becomes the target in one rename; an uncommitted one leaves nothing")
    void commitMovesIntoPlaceAndCloseCleansUp() throws IOException {
        Path target = temp.resolve("profile");
        try (StagingDirectory staging = StagingDirectory.beside(target)) {
            TreeWriter w = staging.writer();
            w.directory("Default");
            try (OutputStream out = w.newFile("Default/Cookies")) {
                out.write(1);
            }
            staging.commit();
        }
        assertThat(target.resolve("Default/Cookies")).hasBinaryContent(new byte[] {1});
        Path other = temp.resolve("other");
        try (StagingDirectory staging = StagingDirectory.beside(other)) {
            staging.writer().directory("half");
        }
        assertThat(other).doesNotExist();
        assertThat(siblings()).containsExactly(target);
    }

    @Test
    @DisplayName("staging directories a killed process left beside the target are removed; a live process's are kept")
    void leftoversOfDeadProcessesAreRemoved() throws IOException {
        Path target = temp.resolve("profile");
        Path dead = Files.createDirectories(temp.resolve(".profile.restore-" + Integer.MAX_VALUE + "-deadbeef/Default"));
        Path live = Files.createDirectories(temp.resolve(".profile.restore-" + ProcessHandle.current().pid() + "-cafecafe"));
        try (StagingDirectory staging = StagingDirectory.beside(target)) {
            staging.commit();
        }
        assertThat(dead.getParent()).doesNotExist();
        assertThat(live).isDirectory();
    }

    @Test
    @DisplayName("a target that is a link, a file or a non-empty directory is refused before anything is written")
    void unusableTargetsAreRefused() throws IOException {
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(temp.resolve("link"), elsewhere);
        assertThatThrownBy(() -> StagingDirectory.beside(link)).isInstanceOf(BrowserStateException.class).hasMessageContaining("symbolic link");
        Path full = Files.createDirectories(temp.resolve("full/x"));
        assertThatThrownBy(() -> StagingDirectory.beside(full.getParent())).hasMessageContaining("not empty");
        assertThat(Files.exists(temp.resolve("elsewhere"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    @DisplayName("a writer never writes through a link, and refuses names outside its root")
    void writerNeverFollowsLinks() throws IOException {
        Path outside = temp.resolve("outside");
        try (StagingDirectory staging = StagingDirectory.beside(temp.resolve("t"))) {
            TreeWriter w = staging.writer();
            Files.createSymbolicLink(staging.path().resolve("l"), outside);
            assertThatThrownBy(() -> w.newFile("l")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> w.openForChunks("l").close()).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> w.resolve("../x")).isInstanceOf(IOException.class);
        }
        assertThat(Files.exists(outside, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    private Stream<Path> siblings() throws IOException {
        try (Stream<Path> s = Files.list(temp)) {
            return s.toList().stream();
        }
    }
}
