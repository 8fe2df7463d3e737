package io.browserstate.redis.junit;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A real Redis server that a test may use, stop and start again. Obtain one by declaring a parameter
 * of this type in a test class extended with {@link RedisExtension}, or from {@link TestRedis#server()}
 * outside JUnit (then close it yourself).
 *
 * <p>{@link #stop()}, {@link #kill()} and {@link #start()} keep the port and the data directory, so a
 * server started with {@link RedisServerOptions#appendOnly()} comes back with its data. Without
 * append-only persistence a restarted server is empty (no RDB snapshots are taken).
 *
 * @since 0.1
 */
public interface RedisServer extends AutoCloseable {

    /** How a server was provided. */
    enum Kind {
        /** A {@code redis:7} container started through Testcontainers. */
        DOCKER,
        /** The local {@code redis-server} binary, started on a free 127.0.0.1 port in a temporary directory. */
        LOCAL,
        /** A server someone else runs, named by the environment variable {@value TestRedis#URL_ENVIRONMENT_VARIABLE}. */
        EXTERNAL
    }

    /**
     * The URI to connect to, {@code redis://[:password@]host:port}. It carries the password when the
     * server has one, so do not print it.
     */
    URI uri();

    /** Host clients connect to. */
    String host();

    /** Port clients connect to; unchanged by a restart. */
    int port();

    /** The server's password, if it requires one. */
    Optional<String> password();

    /** How this server was provided. */
    Kind kind();

    /** Whether the server process is running. */
    boolean isRunning();

    /**
     * Shuts the server down cleanly (SIGTERM, which flushes an append-only file) and waits until the
     * process is gone. Does nothing when it is stopped already.
     *
     * @throws UnsupportedOperationException for an {@link Kind#EXTERNAL} server
     */
    void stop();

    /**
     * Kills the server process at once (SIGKILL), as a crash would. Does nothing when it is stopped
     * already.
     *
     * @throws UnsupportedOperationException for an {@link Kind#EXTERNAL} server
     */
    void kill();

    /**
     * Starts a stopped server again on the same port with the same data directory and waits until it
     * answers (and has loaded its data). Does nothing when it is running.
     *
     * @throws UnsupportedOperationException for an {@link Kind#EXTERNAL} server
     */
    void start();

    /**
     * Runs {@code redis-cli} against this server with the given arguments (a command such as
     * {@code "GET", "key"}, or options such as {@code "--scan"}) and returns what it printed.
     *
     * @throws IllegalStateException when {@code redis-cli} fails or does not finish in 30 seconds
     */
    String cli(String... args);

    /** The directory holding the server's data (and its log), when it is on this machine. */
    Optional<Path> dataDirectory();

    /** Stops the server (killing it if it does not stop in time) and removes its temporary files. */
    @Override
    void close();
}
