package io.browserstate.redis.junit.internal;

import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.TestRedis;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A server that someone else runs, named by {@value TestRedis#URL_ENVIRONMENT_VARIABLE}. */
public final class ExternalRedisServer implements RedisServer {

    private final URI uri;

    /** Wraps {@code uri}, which must be a {@code redis://} URI with a host and a port. */
    public ExternalRedisServer(URI uri) {
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException(TestRedis.URL_ENVIRONMENT_VARIABLE + " must be redis://[:password@]host:port[/db], was "
                    + uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort());
        }
        this.uri = uri;
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
        List<String> command = new ArrayList<>(List.of(RedisBinaries.cli().toString(), "-h", host(), "-p", Integer.toString(port())));
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            command.addAll(List.of("-n", path.substring(1)));
        }
        command.addAll(List.of(args));
        return Commands.run(command, password().map(p -> Map.of("REDISCLI_AUTH", p)).orElse(Map.of()));
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
