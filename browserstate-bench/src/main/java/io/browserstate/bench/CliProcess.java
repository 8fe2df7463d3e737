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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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

    /**
     * Where one launcher run spent its CPU: the process's user and system time (the JVM, all of its
     * threads, and the launcher's shell) and, of that, the JIT compilers' time ({@code -XX:+CITime}).
     */
    record Cpu(double wallMs, double operationMs, double processCpuMs, double jitMs) {
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

    /**
     * One more launcher run of {@code import} or {@code export}, not among the measured ones, that
     * reports its CPU: bash's {@code time} for the process and HotSpot's compilation total.
     */
    Cpu cpu(String... args) throws IOException, InterruptedException {
        Path err = Files.createTempFile(cache.getParent(), "cli-", ".err");
        try {
            List<String> prefix = List.of("bash", "-c", "TIMEFORMAT='process-cpu %U %S'; time bash \"$0\" \"$@\"",
                    script.toString());
            Sample s = run(prefix, "-XX:+UnlockDiagnosticVMOptions -XX:+CITime -XX:+DisplayVMOutputToStderr", err, args);
            String text = Files.readString(err, StandardCharsets.UTF_8);
            Matcher cpu = Pattern.compile("process-cpu ([0-9.]+) ([0-9.]+)").matcher(text);
            Matcher jit = Pattern.compile("Total compilation time\\s*:\\s*([0-9.]+) s").matcher(text);
            if (!cpu.find() || !jit.find()) {
                throw new IllegalStateException("no CPU or compilation time in the diagnostic run's output: " + text);
            }
            double processMs = (Double.parseDouble(cpu.group(1)) + Double.parseDouble(cpu.group(2))) * 1000;
            return new Cpu(s.wallMs(), s.operationMs(), processMs, Double.parseDouble(jit.group(1)) * 1000);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private Sample run(Launch how, String... args) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> prefix = how == Launch.JAVA_JAR ? List.of(javaBin, "-jar", jar.toString()) : List.of("bash", script.toString());
        return run(prefix, null, null, args);
    }

    private Sample run(List<String> prefix, @Nullable String javaOpts, @Nullable Path stderr, String... args)
            throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(prefix);
        command.add(args[0]);
        command.add("--json");
        for (int i = 1; i < args.length; i++) {
            command.add(args[i]);
        }
        Path out = Files.createTempFile(cache.getParent(), "cli-", ".json");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(stderr == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.to(stderr.toFile()));
        Map<String, String> env = pb.environment();
        env.put("BROWSERSTATE_URI", storeUri);
        env.put("BROWSERSTATE_CACHE", cache.toString());
        env.put("PATH", Path.of(javaBin).getParent() + File.pathSeparator + System.getenv("PATH"));
        if (javaOpts == null) {
            env.remove("JAVA_OPTS");
        } else {
            env.put("JAVA_OPTS", javaOpts);
        }
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
