package io.browserstate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SkippedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("a SQLite database whose -journal or -wal is left out is left out too, and both are reported")
    void databaseWithoutItsLogIsNotSaved() throws Exception {
        Files.createDirectories(dir.resolve("Default"));
        Files.write(dir.resolve("Default/History"), new byte[4096]);
        Files.write(dir.resolve("Default/History-journal"), new byte[20_000]); // over the size limit below
        Files.write(dir.resolve("Default/Cookies"), new byte[4096]);
        Files.write(dir.resolve("Default/Cookies-wal"), new byte[100]);      // excluded below
        Files.write(dir.resolve("Default/Web Data"), new byte[4096]);
        Files.write(dir.resolve("Default/Web Data-journal"), new byte[100]); // kept, with its database
        BrowserStateOptions options = BrowserStateOptions.builder().excludes(List.of("**/*-wal")).build();

        Scanner.Result r = Scanner.scan(dir, ExcludePolicy.of(options), 10_000);

        List<String> kept = r.entries().stream().map(Scanner.Scanned::path).toList();
        assertThat(kept).contains("Default/Web Data", "Default/Web Data-journal").doesNotContain("Default/History", "Default/Cookies");
        assertThat(r.skipped()).extracting(SkippedFile::path).contains("Default/History-journal", "Default/History", "Default/Cookies");
        assertThat(r.skipped()).filteredOn(f -> f.path().equals("Default/History")).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("History-journal").contains("larger than maxFileSize").contains("inconsistent"));
        assertThat(r.skipped()).filteredOn(f -> f.path().equals("Default/Cookies")).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("Cookies-wal").contains("was excluded"));
    }
}
