package io.browserstate.redis.junit.internal;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports.Binding;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.RedisServerOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@code redis:7} container. Its port is bound to a fixed free host port on 127.0.0.1, so that a
 * stopped and started container keeps its address; its data stays in the container across restarts.
 */
public final class DockerRedisServer implements RedisServer {

    /** The image used. */
    public static final String IMAGE = "redis:7";
    private static final int REDIS_PORT = 6379;

    private final GenericContainer<?> container;
    private final int hostPort;
    private final String password;
    private boolean running;

    private DockerRedisServer(GenericContainer<?> container, int hostPort, String password) {
        this.container = container;
        this.hostPort = hostPort;
        this.password = password;
    }

    /**
     * Directives a container cannot honour: they name ports, addresses or files of this machine (which
     * the container does not see), or they change how the process runs.
     */
    private static final Set<String> HOST_DIRECTIVES = Set.of("port", "bind", "dir", "include", "loadmodule", "logfile", "pidfile",
            "daemonize", "unixsocket", "unixsocketperm", "aclfile", "replicaof", "slaveof", "cluster-enabled", "cluster-config-file",
            "cluster-port");

    /**
     * Starts the container and waits until Redis is ready.
     *
     * @throws IllegalArgumentException before touching Docker, when {@code options} ask for what a
     *     container cannot give: a local process, or directives naming this machine's ports or files
     */
    public static DockerRedisServer start(RedisServerOptions options) {
        refuseUnsupported(options);
        int hostPort = Ports.free();
        List<String> command = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", options.appendOnly() ? "yes" : "no",
                "--appendfsync", options.appendFsync().name().toLowerCase(Locale.ROOT)));
        if (options.password() != null) {
            command.addAll(List.of("--requirepass", options.password()));
        }
        for (String line : options.extraConfig()) {
            String[] parts = line.strip().split("\\s+", 2);
            command.add("--" + parts[0]);
            if (parts.length > 1) {
                command.add(parts[1]);
            }
        }
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(REDIS_PORT)
                .withCommand(command.toArray(String[]::new))
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Binding.bindIpAndPort(LocalRedisServer.HOST, hostPort), new ExposedPort(REDIS_PORT))))
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
        container.start();
        DockerRedisServer server = new DockerRedisServer(container, hostPort, options.password());
        server.running = true;
        return server;
    }

    private static void refuseUnsupported(RedisServerOptions options) {
        List<String> problems = new ArrayList<>();
        if (options.localProcess()) {
            problems.add("a local redis-server process (localProcess)");
        }
        for (String line : options.extraConfig()) {
            String directive = line.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (HOST_DIRECTIVES.contains(directive) || directive.startsWith("tls-") || directive.startsWith("cluster-announce-")) {
                problems.add("'" + line.strip() + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The " + IMAGE + " container cannot honour " + String.join(", ", problems)
                    + ": it names a port, a file or a process of this machine, which the container does not see; ask for a local "
                    + "redis-server with @RedisConfig(local = true) or RedisServerOptions.builder().localProcess(true)");
        }
    }

    @Override
    public URI uri() {
        return LocalRedisServer.uri(password, hostPort);
    }

    @Override
    public String host() {
        return LocalRedisServer.HOST;
    }

    @Override
    public int port() {
        return hostPort;
    }

    @Override
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    @Override
    public Kind kind() {
        return Kind.DOCKER;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void stop() {
        if (running) {
            container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
            running = false;
        }
    }

    @Override
    public synchronized void kill() {
        if (running) {
            container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
            running = false;
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String reply = Resp.ping(LocalRedisServer.HOST, hostPort, password);
            if (reply != null && (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"))) {
                running = true;
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The " + IMAGE + " container did not answer on port " + hostPort + " after a restart");
            }
            LocalRedisServer.sleep(50);
        }
    }

    @Override
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli"));
        if (password != null) {
            command.addAll(List.of("--no-auth-warning", "-a", password));
        }
        command.addAll(List.of(args));
        try {
            ExecResult result = container.execInContainer(command.toArray(String[]::new));
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("redis-cli " + String.join(" ", args) + " exited with " + result.getExitCode() + ": "
                        + result.getStderr().strip());
            }
            return result.getStdout();
        } catch (IOException e) {
            throw new IllegalStateException("redis-cli could not run in the container", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running redis-cli", e);
        }
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        running = false;
        container.stop();
    }

    @Override
    public String toString() {
        return "Redis container (" + IMAGE + ") on 127.0.0.1:" + hostPort;
    }
}
