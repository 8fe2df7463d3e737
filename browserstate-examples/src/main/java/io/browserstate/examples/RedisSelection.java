package io.browserstate.examples;

import io.browserstate.api.BrowserStateException;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.core.StorageProviders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import redis.embedded.RedisServer;

/**
 * Which Redis the example talks to, chosen in this order: an explicit URI ({@code --redis=}); the
 * environment's {@code BROWSERSTATE_URI} (with {@code BROWSERSTATE_OPTIONS}); {@code REDIS_URL}; a Redis
 * answering on 127.0.0.1:6379; else an embedded Redis started here, whose append-only file and
 * snapshot live in a local directory so that its data survives between runs. Closing the selection
 * stops the embedded server, if one was started.
 *
 * @since 0.1
 */
public final class RedisSelection implements AutoCloseable {

    /** Environment variable for a plain Redis URL, as many hosting platforms set it. */
    public static final String REDIS_URL_ENV = "REDIS_URL";
    /** Where an already running local Redis is looked for. */
    public static final InetSocketAddress DEFAULT_LOCAL = new InetSocketAddress("127.0.0.1", 6379);

    private final BrowserStateConfig config;
    private final String description;
    private final RedisServer embedded;

    private RedisSelection(BrowserStateConfig config, String description, RedisServer embedded) {
        this.config = config;
        this.description = description;
        this.embedded = embedded;
    }

    /**
     * Chooses a Redis.
     *
     * @param explicitUri a URI given on the command line, or {@code null}
     * @param env the environment to read {@code BROWSERSTATE_URI}, {@code BROWSERSTATE_OPTIONS} and {@code REDIS_URL} from
     * @param local where to look for a running Redis
     * @param embeddedData the data directory of the embedded Redis, created when missing
     */
    public static RedisSelection select(String explicitUri, Map<String, String> env, InetSocketAddress local, Path embeddedData) {
        if (explicitUri != null && !explicitUri.isBlank()) {
            BrowserStateConfig c = BrowserStateConfig.of(explicitUri.trim());
            return new RedisSelection(c, redacted(c) + " (from --redis)", null);
        }
        String envUri = env.get(BrowserStateConfig.ENV_URI);
        if (envUri != null && !envUri.isBlank()) {
            BrowserStateConfig c = BrowserStateConfig.fromEnvironment(env);
            return new RedisSelection(c, redacted(c) + " (from " + BrowserStateConfig.ENV_URI + ")", null);
        }
        String redisUrl = env.get(REDIS_URL_ENV);
        if (redisUrl != null && !redisUrl.isBlank()) {
            BrowserStateConfig c = BrowserStateConfig.of(redisUrl.trim());
            return new RedisSelection(c, redacted(c) + " (from " + REDIS_URL_ENV + ")", null);
        }
        String localAnswer = ping(local);
        if ("+PONG".equals(localAnswer)) {
            BrowserStateConfig c = BrowserStateConfig.of("redis://" + local.getHostString() + ":" + local.getPort());
            return new RedisSelection(c, redacted(c) + " (a Redis already running on this machine)", null);
        }
        String why = localAnswer == null
                ? "nothing answers on " + local.getHostString() + ":" + local.getPort()
                : "the Redis on " + local.getHostString() + ":" + local.getPort() + " answered '" + localAnswer
                        + "' (set REDIS_URL=redis://:password@" + local.getHostString() + ":" + local.getPort() + " to use it)";
        return startEmbedded(embeddedData, why);
    }

    /** The storage configuration to open the manager with. */
    public BrowserStateConfig config() {
        return config;
    }

    /** For the user: which Redis, and why this one. Never contains a password. */
    public String description() {
        return description;
    }

    /** Whether an embedded Redis was started for this run. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Stops the embedded Redis (it writes its data to disk first). */
    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (IOException e) {
                throw new UncheckedIOException("Stopping the embedded Redis failed", e);
            }
        }
    }

    private static RedisSelection startEmbedded(Path dataDirectory, String why) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        int port = freePort();
        RedisServer server;
        try {
            Files.createDirectories(data);
            server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("dir \"" + data + "\"")
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    .setting("save 60 1")
                    // SIGTERM and wait: Redis then writes what appendfsync everysec may still hold back. A forced
                    // stop (SIGKILL) lost the last save now and then when a background fsync was in progress.
                    .onShutdownForceStop(false)
                    .build();
            server.start();
        } catch (IOException | RuntimeException e) {
            throw new BrowserStateException("No Redis configured (" + why + ") and the embedded Redis did not start: " + e.getMessage()
                    + ". Install one (apt-get install redis-server) or set " + REDIS_URL_ENV, e);
        }
        BrowserStateConfig c = BrowserStateConfig.of("redis://127.0.0.1:" + port);
        return new RedisSelection(c, redacted(c) + " (embedded Redis started for this run because " + why
                + "; its data is kept in " + data + " between runs)", server);
    }

    /** The first line a server at {@code address} answers to PING, or {@code null} when nothing answers. */
    static String ping(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 300);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r' && c != '\n' && line.length() < 200; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1 for the embedded Redis", e);
        }
    }

    private static String redacted(BrowserStateConfig c) {
        return StorageProviders.redact(c.storageUri());
    }
}
