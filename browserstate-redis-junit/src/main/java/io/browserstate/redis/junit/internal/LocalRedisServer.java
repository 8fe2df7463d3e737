package io.browserstate.redis.junit.internal;

import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.RedisServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process on 127.0.0.1, in its own temporary directory, that this JVM started
 * and stops again by the PID it started.
 */
public final class LocalRedisServer implements RedisServer {

    static final String HOST = "127.0.0.1";
    private static final long START_TIMEOUT_MILLIS = 30_000;
    private static final long STOP_TIMEOUT_MILLIS = 10_000;
    private static final int PORT_ATTEMPTS = 5;

    private final Path binary;
    private final Path directory;
    private final Path configFile;
    private final Path logFile;
    private final String password;
    private final boolean sentinel;
    private final int port;
    private Process process;
    private Thread shutdownHook;

    private LocalRedisServer(Path binary, Path directory, int port, String password, boolean sentinel) {
        this.binary = binary;
        this.directory = directory;
        this.configFile = directory.resolve(sentinel ? "sentinel.conf" : "redis.conf");
        this.logFile = directory.resolve("redis.log");
        this.port = port;
        this.password = password;
        this.sentinel = sentinel;
    }

    /** Starts a plain server with {@code options}. */
    public static LocalRedisServer start(RedisServerOptions options, String purpose) {
        return start(options, List::of, false, purpose);
    }

    /**
     * Starts a server in a new temporary directory on a free port, retrying with another port when the
     * chosen one was taken meanwhile.
     *
     * @param modeConfig directives added after the standard ones (evaluated once per port attempt)
     * @param sentinel run in sentinel mode ({@code --sentinel})
     */
    public static LocalRedisServer start(RedisServerOptions options, Supplier<List<String>> modeConfig, boolean sentinel,
            String purpose) {
        Path binary = RedisBinaries.server(purpose);
        IllegalStateException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            Path directory;
            try {
                directory = Files.createTempDirectory("browserstate-redis-");
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create a directory for redis-server", e);
            }
            LocalRedisServer server = new LocalRedisServer(binary, directory, Ports.free(), options.password(), sentinel);
            try {
                server.writeConfig(options, modeConfig.get());
                server.start();
                return server;
            } catch (RuntimeException e) {
                boolean portTaken = server.log().contains("Address already in use");
                server.close();
                if (!portTaken) {
                    throw e;
                }
                last = e instanceof IllegalStateException ise ? ise : new IllegalStateException(e);
            }
        }
        throw last;
    }

    private void writeConfig(RedisServerOptions options, List<String> modeConfig) {
        List<String> lines = new ArrayList<>();
        lines.add("# written by browserstate-redis-junit");
        lines.add("bind " + HOST);
        lines.add("port " + port);
        lines.add("daemonize no");
        lines.add("logfile \"\"");
        lines.add("dir \"" + directory + "\"");
        if (!sentinel) {
            lines.add("save \"\"");
            lines.add("appendonly " + (options.appendOnly() ? "yes" : "no"));
            lines.add("appendfsync " + options.appendFsync().name().toLowerCase(Locale.ROOT));
            if (password != null) {
                lines.add("requirepass \"" + password + "\"");
                lines.add("masterauth \"" + password + "\"");
            }
            lines.addAll(options.extraConfig());
        }
        lines.addAll(modeConfig);
        try {
            Files.write(configFile, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + configFile, e);
        }
    }

    @Override
    public URI uri() {
        return uri(password, port);
    }

    /** {@code redis://[:password@]127.0.0.1:port}. */
    static URI uri(String password, int port) {
        try {
            return new URI("redis", password == null ? null : ":" + password, HOST, port, null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,...}. */
    static String addresses(List<LocalRedisServer> servers) {
        return servers.stream().map(s -> HOST + ":" + s.port()).collect(Collectors.joining(","));
    }

    /** Closes every server, even when one fails to close; then throws the first failure, the others suppressed. */
    static void closeAll(List<LocalRedisServer> servers) {
        RuntimeException failure = null;
        for (LocalRedisServer server : servers) {
            try {
                server.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    @Override
    public Kind kind() {
        return Kind.LOCAL;
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The PID of the running process. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        return process.pid();
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(), configFile.toString()));
        if (sentinel) {
            command.add("--sentinel");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + binary, e);
        }
        Process started = process;
        shutdownHook = new Thread(() -> destroy(started, true), "redis-server-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        String reply = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                forget();
                throw new IllegalStateException("redis-server on port " + port + " exited with " + code + " while starting: "
                        + lastLines(log(), 5));
            }
            reply = Resp.ping(HOST, port, password);
            if (reply != null && (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"))) {
                return;
            }
            sleep(reply == null ? 20 : 50);
        }
        destroy(process, true);
        forget();
        throw new IllegalStateException("redis-server on port " + port + " did not answer within " + START_TIMEOUT_MILLIS / 1000
                + " s (last reply: " + reply + "): " + lastLines(log(), 5));
    }

    @Override
    public synchronized void stop() {
        end(false);
    }

    @Override
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean forcibly) {
        if (process != null) {
            destroy(process, forcibly);
            forget();
        }
    }

    private void forget() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            shutdownHook = null;
        }
        process = null;
    }

    /** Ends the process we started (and any child it forked for persistence), by PID. */
    private static void destroy(Process process, boolean forcibly) {
        List<ProcessHandle> children = process.descendants().toList();
        if (forcibly) {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
            for (ProcessHandle child : children) {
                child.onExit().get(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a child that outlived us is gone or beyond our reach; nothing more to do
        }
    }

    @Override
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of(RedisBinaries.cli().toString(), "-h", HOST, "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return Commands.run(command, password == null ? Map.of() : Map.of("REDISCLI_AUTH", password));
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.of(directory);
    }

    /** The server's log so far (empty when there is none). */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            deleteTree(directory);
        }
    }

    @Override
    public String toString() {
        return (sentinel ? "redis-sentinel" : "redis-server") + " on " + HOST + ":" + port;
    }

    static String lastLines(String text, int count) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "(no log output)" : String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + root, e);
        }
    }
}
