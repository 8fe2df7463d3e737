package io.browserstate.redis.junit.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds Debian's {@code redis-server} and {@code redis-cli} binaries. */
public final class RedisBinaries {

    /** What to do when the binary is missing, in one line. */
    public static final String INSTALL_HINT = "install it with: apt-get install redis-server";

    private RedisBinaries() {
    }

    /** The named executable on {@code PATH} or in the usual directories. */
    public static Optional<Path> find(String name) {
        return find(name, searchPath());
    }

    /** The named executable in one of {@code dirs}. */
    public static Optional<Path> find(String name, List<String> dirs) {
        for (String dir : dirs) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code PATH}, then {@code /usr/bin}, {@code /usr/local/bin} and {@code /usr/sbin}. */
    public static List<String> searchPath() {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.add("/usr/bin");
        dirs.add("/usr/local/bin");
        dirs.add("/usr/sbin");
        return dirs;
    }

    /** The {@code redis-server} binary, or an exception with the install hint for {@code purpose}. */
    public static Path server(String purpose) {
        return server(purpose, searchPath());
    }

    /** The {@code redis-server} binary in one of {@code dirs}, or an exception with the install hint for {@code purpose}. */
    public static Path server(String purpose, List<String> dirs) {
        return find("redis-server", dirs).orElseThrow(() -> new IllegalStateException(
                "redis-server not found on PATH (needed for " + purpose + "): " + INSTALL_HINT));
    }

    /** The {@code redis-cli} binary, or an exception with the install hint. */
    public static Path cli() {
        return find("redis-cli").orElseThrow(() -> new IllegalStateException(
                "redis-cli not found on PATH (it comes with the redis-server package): " + INSTALL_HINT));
    }
}
