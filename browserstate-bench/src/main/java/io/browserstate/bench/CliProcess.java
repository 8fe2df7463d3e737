package io.browserstate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole process of one CLI command, as users run it: {@code browserstate import} (a save) and
 * {@code browserstate export} (a restore) of a tree, once by {@code java -jar} and once through the
 * launcher script (its class-data-sharing archive and collector), runs alternating. Each run reports
 * the process's wall time and the operation's own time from the command's {@code --json}.
 */
final class CliProcess {
    private static final long TIMEOUT_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One run: the whole process and the operation inside it. */
    record Sample(double wallMs, double operationMs) {
    }

    /** How a command is started. */
    enum Launch {
        JAVA_JAR("java -jar"),
        LAUNCHER("launcher (CDS archive, serial GC)");

        final String label;

        Launch(String label) {
            this.label = label;
        }
    }

    private final Path script;
    private final Path jar;
    private final Path cache;
    private final String storeUri;

    private CliProcess(Path script, Path jar, Path cache, String storeUri) {
        this.script = script;
        this.jar = jar;
        this.cache = cache;
        this.storeUri = storeUri;
    }

    /**
     * Finds the launcher and the runnable jar of a build of this checkout (run.sh builds them).
     *
     * @return the runner, or {@code null} when the jar was not built
     */
    static CliProcess find(Path checkout, Path cache, String storeUri) throws IOException {
        Path script = checkout.resolve("browserstate-cli/browserstate");
        Path target = checkout.resolve("browserstate-cli/target");
        if (!Files.isRegularFile(script) || !Files.isDirectory(target)) {
            return null;
        }
        try (var files = Files.list(target)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("browserstate-cli-.*-all\\.jar")).findFirst().orElse(null);
            return jar == null ? null : new CliProcess(script, jar, cache, storeUri);
        }
    }

    /** Records the launcher's archive with one unmeasured command, as a user's first command does. */
    void warmUp(Path tree, String session) throws IOException, InterruptedException {
        run(Launch.LAUNCHER, "import", tree.toString(), session);
    }

    Sample save(Launch how, Path tree, String session) throws IOException, InterruptedException {
        return run(how, "import", tree.toString(), session);
    }

    Sample restore(Launch how, String session, Path target) throws IOException, InterruptedException {
        return run(how, "export", session, target.toString());
    }

    void delete(String session) throws IOException, InterruptedException {
        run(Launch.JAVA_JAR, "rm", session);
    }

    private Sample run(Launch how, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (how == Launch.JAVA_JAR) {
            command.addAll(List.of(javaBin, "-jar", jar.toString()));
        } else {
            command.addAll(List.of("bash", script.toString()));
        }
        command.add(args[0]);
        command.add("--json");
        for (int i = 1; i < args.length; i++) {
            command.add(args[i]);
        }
        Path out = Files.createTempFile(cache.getParent(), "cli-", ".json");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("BROWSERSTATE_URI", storeUri);
        env.put("BROWSERSTATE_CACHE", cache.toString());
        env.put("PATH", Path.of(javaBin).getParent() + File.pathSeparator + System.getenv("PATH"));
        env.remove("JAVA_OPTS");
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("browserstate " + String.join(" ", args) + " did not end in " + TIMEOUT_SECONDS + " s");
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("browserstate " + String.join(" ", args) + " exited with " + p.exitValue() + ": " + text);
        }
        JsonNode json = JSON.readTree(text);
        return new Sample(wall, json.path("millis").asDouble(Double.NaN));
    }
}
