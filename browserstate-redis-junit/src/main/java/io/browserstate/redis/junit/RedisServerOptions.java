package io.browserstate.redis.junit;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a test server is configured. Immutable; change a copy with {@link #toBuilder()}.
 *
 * @param appendOnly whether the server keeps an append-only file ({@code appendonly yes}), so that its
 *     data survives {@link RedisServer#stop()}/{@link RedisServer#kill()} and {@link RedisServer#start()}
 * @param appendFsync when the append-only file is synced ({@code appendfsync})
 * @param password the password clients must give ({@code requirepass}), or {@code null} for none
 * @param extraConfig further {@code redis.conf} directives, one per element, e.g. {@code "maxmemory 64mb"}
 * @param localProcess the server must be a {@code redis-server} process on this machine, never a
 *     container or an external server: for tests that need what only such a process gives, such as
 *     directives naming files or ports of this machine (TLS), {@link RedisServer#dataDirectory()}, or
 *     an append-only file that survives killing the process
 * @since 0.1
 */
public record RedisServerOptions(boolean appendOnly, AppendFsync appendFsync, @Nullable String password, List<String> extraConfig,
        boolean localProcess) {

    /** Values of {@code appendfsync}. */
    public enum AppendFsync {
        /** After every write, before the reply: nothing acknowledged is lost, even by a kill. */
        ALWAYS,
        /** Once a second (Redis's default). */
        EVERYSEC,
        /** When the operating system decides. */
        NO
    }

    /**
     * Checks the password and the directives, and copies {@code extraConfig}.
     *
     * @param appendOnly whether the server keeps an append-only file ({@code appendonly yes})
     * @param appendFsync when the append-only file is synced; not {@code null}
     * @param password the password clients must give, or {@code null} for none; not empty, and without spaces,
     *     control characters, quotes or backslashes
     * @param extraConfig further {@code redis.conf} directives, one single-line, non-blank directive per element
     * @param localProcess whether the server must be a {@code redis-server} process on this machine
     * @throws IllegalArgumentException when the password or a directive is not acceptable
     */
    public RedisServerOptions {
        Objects.requireNonNull(appendFsync, "appendFsync");
        if (password != null && (password.isEmpty() || password.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\'))) {
            throw new IllegalArgumentException("password must be non-empty, without spaces, quotes or backslashes");
        }
        extraConfig = List.copyOf(extraConfig);
        for (String line : extraConfig) {
            if (line.isBlank() || line.contains("\n") || line.contains("\r")) {
                throw new IllegalArgumentException("extraConfig lines must be single non-blank directives, was '" + line + "'");
            }
        }
    }

    /**
     * No persistence, no password, nothing extra, wherever a server can be had.
     *
     * @return the default options
     */
    public static RedisServerOptions defaults() {
        return builder().build();
    }

    /**
     * A builder that starts from {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts from these options.
     *
     * @return a new builder holding every value of this record
     */
    public Builder toBuilder() {
        return new Builder().appendOnly(appendOnly).appendFsync(appendFsync).password(password).extraConfig(extraConfig)
                .localProcess(localProcess);
    }

    /** Builds {@link RedisServerOptions}; starts from {@link #defaults()}. */
    public static final class Builder {
        private boolean appendOnly;
        private AppendFsync appendFsync = AppendFsync.EVERYSEC;
        private @Nullable String password;
        private List<String> extraConfig = List.of();
        private boolean localProcess;

        private Builder() {
        }

        /**
         * Sets whether the server keeps an append-only file; default off.
         *
         * @param v {@code true} for {@code appendonly yes}
         * @return this builder
         */
        public Builder appendOnly(boolean v) { this.appendOnly = v; return this; }

        /**
         * Sets when the append-only file is synced; default {@link AppendFsync#EVERYSEC}.
         *
         * @param v the sync policy, not {@code null}
         * @return this builder
         */
        public Builder appendFsync(AppendFsync v) { this.appendFsync = v; return this; }

        /**
         * Sets the password clients must give; default none.
         *
         * @param v the password, or {@code null} for none
         * @return this builder
         */
        public Builder password(@Nullable String v) { this.password = v; return this; }

        /**
         * Sets further {@code redis.conf} directives; default none.
         *
         * @param v the directives, one per element; the list is copied
         * @return this builder
         */
        public Builder extraConfig(List<String> v) { this.extraConfig = List.copyOf(v); return this; }

        /**
         * Sets whether the server must be a {@code redis-server} process on this machine; default off.
         *
         * @param v {@code true} to require a local process
         * @return this builder
         */
        public Builder localProcess(boolean v) { this.localProcess = v; return this; }

        /**
         * Creates the options from the values set.
         *
         * @return the options
         * @throws IllegalArgumentException when the password or a directive is not acceptable
         */
        public RedisServerOptions build() {
            return new RedisServerOptions(appendOnly, appendFsync, password, extraConfig, localProcess);
        }
    }
}
