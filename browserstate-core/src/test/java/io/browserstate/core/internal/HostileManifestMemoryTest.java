package io.browserstate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile manifests that once ended in {@code OutOfMemoryError}, each restored in a JVM with a
 * 128 MB heap: every one is refused with {@code CorruptDataException} and leaves the target untouched,
 * and a genuine snapshot within the same limits restores.
 */
class HostileManifestMemoryTest {

    @Test
    @DisplayName("hostile manifests in a 128 MB heap: each a CorruptDataException, none an OutOfMemoryError; a genuine restore completes")
    void hostileManifestsInA128MbHeap(@TempDir Path temp) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:MaxDirectMemorySize=64m", "-cp", System.getProperty("java.class.path"), HostileManifests.class.getName(), temp.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
        System.out.println(output.lines().filter(l -> l.startsWith("CASE") || l.startsWith("GENUINE")).map(l -> "[hostile] " + l)
                .reduce((a, b) -> a + "\n" + b).orElse(""));
        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(child.exitValue()).as(output).isZero();
        List<String> cases = output.lines().filter(l -> l.startsWith("CASE ")).toList();
        assertThat(cases).hasSize(9);
        assertThat(cases).allSatisfy(l -> assertThat(l).contains(": CorruptDataException: "));
        assertThat(output.lines().filter(l -> l.startsWith("TARGET "))).allSatisfy(l -> assertThat(l).endsWith(": untouched"));
        assertThat(output).contains("GENUINE 10000").contains("DONE");
    }
}
