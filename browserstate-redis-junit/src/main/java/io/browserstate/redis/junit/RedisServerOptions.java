package io.browserstate.redis.junit;

import java.util.List;
import java.util.Objects;

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
public record RedisServerOptions(boolean appendOnly, AppendFsync appendFsync, String password, List<String> extraConfig,
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

    /** No persistence, no password, nothing extra, wherever a server can be had. */
    public static RedisServerOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().appendOnly(appendOnly).appendFsync(appendFsync).password(password).extraConfig(extraConfig)
                .localProcess(localProcess);
    }

    /** Builds {@link RedisServerOptions}; starts from {@link #defaults()}. */
    public static final class Builder {
        private boolean appendOnly;
        private AppendFsync appendFsync = AppendFsync.EVERYSEC;
        private String password;
        private List<String> extraConfig = List.of();
        private boolean localProcess;

        private Builder() {
        }

        public Builder appendOnly(boolean v) { this.appendOnly = v; return this; }
        public Builder appendFsync(AppendFsync v) { this.appendFsync = v; return this; }
        public Builder password(String v) { this.password = v; return this; }
        public Builder extraConfig(List<String> v) { this.extraConfig = List.copyOf(v); return this; }
        public Builder localProcess(boolean v) { this.localProcess = v; return this; }

        public RedisServerOptions build() {
            return new RedisServerOptions(appendOnly, appendFsync, password, extraConfig, localProcess);
        }
    }
}
