package io.browserstate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@link ChildMain} in a fresh JVM on this JVM's class path and reads its result line. */
final class ChildJvm {
    private static final long TIMEOUT_SECONDS = 300;

    private ChildJvm() {
    }

    /** Runs the child; the map holds what it printed after {@code RESULT}, plus {@code wallMs}. */
    static Map<String, Object> run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildMain.class.getName());
        command.addAll(List.of(args));
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring("RESULT ".length());
                }
            }
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child JVM " + process.pid() + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        if (result == null) {
            throw new IllegalStateException("child JVM exited with " + process.exitValue() + " without a result");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new ObjectMapper().readValue(result, Map.class);
        map.put("wallMs", (System.nanoTime() - t0) / 1e6);
        return map;
    }
}
