package io.browserstate.redis.junit.internal;

import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.RedisServerOptions;
import io.browserstate.redis.junit.TestRedis;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A server that someone else runs, named by {@value TestRedis#URL_ENVIRONMENT_VARIABLE}. It may hold
 * data that is not the tests', so it cannot be configured, stopped or started, and {@link #cli} refuses
 * the commands that would wipe or reconfigure it.
 */
public final class ExternalRedisServer implements RedisServer {

    /** Commands that wipe, stop or reconfigure a whole server. */
    private static final Set<String> REFUSED = Set.of("FLUSHALL", "FLUSHDB", "SHUTDOWN", "DEBUG", "SWAPDB", "REPLICAOF", "SLAVEOF",
            "FAILOVER", "MIGRATE");
    /** The same, as a command and its subcommand. */
    private static final Set<String> REFUSED_SUBCOMMANDS = Set.of("CONFIG SET", "CONFIG REWRITE", "CONFIG RESETSTAT", "SCRIPT FLUSH",
            "FUNCTION FLUSH", "FUNCTION RESTORE", "CLUSTER RESET", "ACL SETUSER", "ACL DELUSER", "ACL LOAD", "CLIENT KILL");

    private final URI uri;

    /**
     * Wraps {@code uri}, which must be a {@code redis://} URI with a host and a port.
     *
     * @param options must be {@link RedisServerOptions#defaults()}: a server someone else runs cannot be
     *     configured by a test, and an option silently left out would make the test prove nothing
     */
    public ExternalRedisServer(URI uri, RedisServerOptions options) {
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException(TestRedis.URL_ENVIRONMENT_VARIABLE + " must be redis://[:password@]host:port[/db], was "
                    + uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort());
        }
        this.uri = uri;
        if (!options.equals(RedisServerOptions.defaults())) {
            throw new IllegalStateException("The external Redis at " + host() + ":" + port() + " from " + TestRedis.URL_ENVIRONMENT_VARIABLE
                    + " cannot be configured by a test, which asks for " + describe(options) + "; such tests need Docker or the local "
                    + "redis-server (" + RedisBinaries.INSTALL_HINT + ")");
        }
    }

    private static String describe(RedisServerOptions options) {
        RedisServerOptions d = RedisServerOptions.defaults();
        List<String> asked = new ArrayList<>();
        if (options.appendOnly() != d.appendOnly() || options.appendFsync() != d.appendFsync()) {
            asked.add("appendOnly=" + options.appendOnly() + ", appendFsync=" + options.appendFsync());
        }
        if (options.password() != null) {
            asked.add("a password");
        }
        if (!options.extraConfig().isEmpty()) {
            asked.add("extraConfig " + options.extraConfig());
        }
        return String.join(", ", asked);
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public String host() {
        return uri.getHost();
    }

    @Override
    public int port() {
        return uri.getPort();
    }

    @Override
    public Optional<String> password() {
        String info = uri.getUserInfo();
        if (info == null) {
            return Optional.empty();
        }
        int colon = info.indexOf(':');
        return Optional.of(colon >= 0 ? info.substring(colon + 1) : info).filter(p -> !p.isEmpty());
    }

    @Override
    public Kind kind() {
        return Kind.EXTERNAL;
    }

    @Override
    public boolean isRunning() {
        String reply = Resp.ping(host(), port(), password().orElse(null));
        return reply != null && (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
    }

    private UnsupportedOperationException notOurs(String what) {
        return new UnsupportedOperationException("Cannot " + what + " the external Redis at " + host() + ":" + port() + " from "
                + TestRedis.URL_ENVIRONMENT_VARIABLE + "; tests that stop and start Redis need Docker or the local redis-server ("
                + RedisBinaries.INSTALL_HINT + ")");
    }

    @Override
    public void stop() {
        throw notOurs("stop");
    }

    @Override
    public void kill() {
        throw notOurs("kill");
    }

    @Override
    public void start() {
        throw notOurs("start");
    }

    @Override
    public String cli(String... args) {
        refuseDestructive(args);
        List<String> command = new ArrayList<>(List.of(RedisBinaries.cli().toString(), "-h", host(), "-p", Integer.toString(port())));
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            command.addAll(List.of("-n", path.substring(1)));
        }
        command.addAll(List.of(args));
        return Commands.run(command, password().map(p -> Map.of("REDISCLI_AUTH", p)).orElse(Map.of()));
    }

    private void refuseDestructive(String... args) {
        for (int i = 0; i < args.length; i++) {
            String word = args[i].toUpperCase(Locale.ROOT);
            String pair = i + 1 < args.length ? word + " " + args[i + 1].toUpperCase(Locale.ROOT) : "";
            if (REFUSED.contains(word) || REFUSED_SUBCOMMANDS.contains(pair)) {
                throw new UnsupportedOperationException("Refusing '" + (REFUSED.contains(word) ? word : pair) + "' against the external Redis at "
                        + host() + ":" + port() + " from " + TestRedis.URL_ENVIRONMENT_VARIABLE + ": it would wipe or reconfigure a server "
                        + "that may hold other data; delete the test's own keys with RedisServer.deleteKeys(pattern)");
            }
        }
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // not ours to stop
    }

    @Override
    public String toString() {
        return "external Redis at " + host() + ":" + port();
    }
}
