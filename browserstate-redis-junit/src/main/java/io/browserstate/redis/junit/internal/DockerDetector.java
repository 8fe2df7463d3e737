package io.browserstate.redis.junit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;

/**
 * Decides quickly whether a Docker engine can be used. Without any sign of one (no {@code DOCKER_HOST},
 * no Testcontainers configuration naming a host, no Docker socket file) the answer is an immediate no;
 * otherwise Testcontainers is asked, and a question that takes longer than {@link #PROBE_TIMEOUT_SECONDS}
 * counts as no.
 */
public final class DockerDetector {

    /** Longest wait for Testcontainers' own check. */
    public static final int PROBE_TIMEOUT_SECONDS = 15;

    private DockerDetector() {
    }

    /** Whether a Docker engine answers. Never blocks longer than {@link #PROBE_TIMEOUT_SECONDS}. */
    public static boolean available() {
        if (!anySign()) {
            return false;
        }
        CompletableFuture<Boolean> probe = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                probe.complete(DockerClientFactory.instance().isDockerAvailable());
            } catch (RuntimeException | LinkageError e) {
                probe.complete(false);
            }
        }, "browserstate-docker-probe");
        thread.setDaemon(true);
        thread.start();
        try {
            return probe.get(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Whether anything suggests a Docker engine might be there. */
    static boolean anySign() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return true;
        }
        String home = System.getProperty("user.home");
        if (home != null && testcontainersConfigNamesHost(Path.of(home, ".testcontainers.properties"))) {
            return true;
        }
        List<Path> sockets = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock")));
        if (home != null) {
            sockets.add(Path.of(home, ".docker", "run", "docker.sock"));
            sockets.add(Path.of(home, ".docker", "desktop", "docker.sock"));
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            sockets.add(Path.of(runtime, "docker.sock"));
        }
        return sockets.stream().anyMatch(Files::exists);
    }

    private static boolean testcontainersConfigNamesHost(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .anyMatch(l -> l.startsWith("docker.host") || l.startsWith("tc.host"));
        } catch (IOException e) {
            return false;
        }
    }
}
