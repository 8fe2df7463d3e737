package io.browserstate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The notes example, run twice in this JVM against a real Redis and real headless Chromium. */
@ExtendWith(RedisExtension.class)
class RedisNotesExampleTest {

    @Test
    @DisplayName("run twice, the second run starts with the first run's notes, restored from Redis")
    void runTwiceThenSecondRunStartsWithFirstRunsNotes(RedisServer redis, @TempDir Path temp) throws IOException {
        String user = "example-" + UUID.randomUUID().toString().substring(0, 8);
        String firstNote = "first run " + UUID.randomUUID();
        String secondNote = "second run " + UUID.randomUUID();
        int port = freePort();

        Run first = run("--redis=" + redis.uri(), "--port=" + port, "--embedded-dir=" + temp, "--note=" + firstNote, user, "notes");
        Run second = run("--redis=" + redis.uri(), "--port=" + port, "--embedded-dir=" + temp, "--note=" + secondNote, user, "notes");

        assertThat(first.status).as(first.output).isZero();
        assertThat(second.status).as(second.output).isZero();
        for (int step = 1; step <= 8; step++) {
            assertThat(first.output).contains("Step " + step + "/8");
            assertThat(second.output).contains("Step " + step + "/8");
        }
        assertThat(first.between("Step 2/8", "Step 3/8")).contains("is new");
        assertThat(first.between("Step 3/8", "Step 4/8")).contains("no notes on the page yet");
        assertThat(first.between("Step 6/8", "Step 7/8")).as("the reopened browser shows the note of step 4")
                .contains("1 note on the page").contains(firstNote);

        assertThat(second.between("Step 2/8", "Step 3/8")).contains("exists: version 3");
        assertThat(second.between("Step 3/8", "Step 4/8")).as("the second run starts with the first run's notes")
                .contains("2 notes on the page").contains(firstNote).contains(", after the restore");
        assertThat(second.between("Step 6/8", "Step 7/8")).contains("3 notes on the page").contains(firstNote).contains(secondNote);
        assertThat(first.between("Step 7/8", "Step 8/8")).contains("checkpointed the running browser").contains("version 2 in");
        assertThat(second.output).contains("is at version 6 with 4 notes");
    }

    @Test
    @DisplayName("each save prints the Redis keys it wrote: the session's under its hash tag, the blobs under its user's")
    void saveThenPrintsKeysWrittenUnderTheSessionHashTag(RedisServer redis, @TempDir Path temp) throws IOException {
        String user = "keys-" + UUID.randomUUID().toString().substring(0, 8);

        Run run = run("--redis=" + redis.uri(), "--port=" + freePort(), "--embedded-dir=" + temp, user, "notes");

        assertThat(run.status).as(run.output).isZero();
        String step5 = run.between("Step 5/8", "Step 6/8");
        String tag = "browserstate:{" + user + ":notes}:";
        assertThat(step5).contains("Redis keys of the session:").contains("+ " + tag + "head")
                .contains("+ browserstate:user:{" + user + "}:c:<sha-256> x ")
                .contains("- " + tag + "lease");
        assertThat(run.between("Step 8/8", "Done")).contains("~ " + tag + "head (updated in place");
    }

    @Test
    @DisplayName("a wrong argument prints the usage and exits with status 2")
    void runWhenUnknownOptionThenPrintsUsage() {
        Run run = run("--colour=blue");
        assertThat(run.status).isEqualTo(RedisNotesExample.EXIT_SETUP);
        assertThat(run.output).contains("Unknown option --colour=blue").contains("Usage: RedisNotesExample");
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            status = RedisNotesExample.run(args, out, Map.of());
        }
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private record Run(int status, String output) {
        String between(String from, String to) {
            int start = output.indexOf(from);
            int end = output.indexOf(to, start + 1);
            assertThat(start).as("'" + from + "' in:\n" + output).isNotNegative();
            assertThat(end).as("'" + to + "' after '" + from + "' in:\n" + output).isPositive();
            return output.substring(start, end);
        }
    }
}
