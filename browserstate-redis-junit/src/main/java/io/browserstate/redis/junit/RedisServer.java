package io.browserstate.redis.junit;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
     *
     * @return the server's URI
     */
    URI uri();

    /**
     * Host clients connect to.
     *
     * @return the host name or address
     */
    String host();

    /**
     * Port clients connect to; unchanged by a restart.
     *
     * @return the port
     */
    int port();

    /**
     * The server's password, if it requires one.
     *
     * @return the password, or empty when the server requires none
     */
    Optional<String> password();

    /**
     * How this server was provided.
     *
     * @return the kind of server
     */
    Kind kind();

    /**
     * Whether the server process is running.
     *
     * @return {@code true} while the server is up (for an {@link Kind#EXTERNAL} server: while it answers)
     */
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
     * @param args the arguments passed to {@code redis-cli}
     * @return what {@code redis-cli} printed
     * @throws IllegalStateException when {@code redis-cli} fails or does not finish in 30 seconds
     * @throws UnsupportedOperationException for an {@link Kind#EXTERNAL} server, when the command would
     *     wipe or reconfigure it ({@code FLUSHALL}, {@code FLUSHDB}, {@code SHUTDOWN}, {@code CONFIG SET},
     *     and the like)
     */
    String cli(String... args);

    /**
     * Removes every key of the server ({@code FLUSHALL}).
     *
     * @throws UnsupportedOperationException for an {@link Kind#EXTERNAL} server, which may hold data
     *     that is not the test's: delete the test's own keys with {@link #deleteKeys(String)} instead
     */
    default void flushAll() {
        cli("FLUSHALL");
    }

    /**
     * Deletes the keys matching the glob {@code pattern} (found with {@code SCAN}, removed with
     * {@code UNLINK}), on any kind of standalone server: the way for a test to clean up only what it
     * wrote, e.g. {@code deleteKeys("*" + userId + "*")}. (On a node of a {@link RedisCluster} the keys
     * matched must share a hash slot.)
     *
     * @param pattern a {@code SCAN MATCH} pattern that names something: a pattern of wildcards only
     *     ({@code *}, {@code ?}) is refused, being {@link #flushAll()} by another name
     * @return how many keys matched
     */
    default long deleteKeys(String pattern) {
        if (pattern == null || pattern.chars().allMatch(c -> c == '*' || c == '?')) {
            throw new IllegalArgumentException("deleteKeys needs a pattern that names the test's own keys, was '" + pattern + "'");
        }
        List<String> keys = cli("--scan", "--pattern", pattern).lines().filter(k -> !k.isEmpty()).distinct().toList();
        for (int from = 0; from < keys.size(); from += 500) {
            List<String> command = new ArrayList<>();
            command.add("UNLINK");
            command.addAll(keys.subList(from, Math.min(keys.size(), from + 500)));
            cli(command.toArray(String[]::new));
        }
        return keys.size();
    }

    /**
     * The directory holding the server's data (and its log), when it is a process on this machine;
     * empty for a container or an external server. Tests that need it ask for
     * {@link RedisServerOptions#localProcess()} ({@code @RedisConfig(local = true)}).
     *
     * @return the data directory, or empty for a container or an external server
     */
    Optional<Path> dataDirectory();

    /** Stops the server (killing it if it does not stop in time) and removes its temporary files. */
    @Override
    void close();
}
