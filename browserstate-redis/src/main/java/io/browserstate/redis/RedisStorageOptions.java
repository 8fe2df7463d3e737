package io.browserstate.redis;

import io.browserstate.api.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the Redis provider lays out and times its work. Immutable; change a copy with
 * {@link #toBuilder()}. The same settings can be given as URI query parameters or configuration
 * options under the names in {@link RedisStorageProviderFactory}.
 *
 * @param keyPrefix first part of every key, e.g. {@code browserstate} (a trailing {@code :} is
 *     dropped, so {@code browserstate:} means the same); letters, digits and {@code : _ - . / @ # $ + =}
 * @param ttl time to live of every key of a session, refreshed by every save; {@code null} for none,
 *     and then a save also removes the expiry that an earlier save with a TTL gave the session's keys
 * @param refreshTtlOnAccess whether recording an access (a restore) refreshes the time to live too
 * @param connectTimeout how long connecting to a node may take
 * @param commandTimeout how long one command may take, including waiting for a lost connection to
 *     come back; then it fails with a {@link io.browserstate.api.StorageException}
 * @param allowEviction accept, with a warning, a server whose {@code maxmemory-policy} may evict the
 *     store's keys ({@code allkeys-*}, or {@code volatile-*} with a {@code ttl}); by default opening such a
 *     store is refused, because a primary store must not lose sessions silently when memory runs out
 * @param waitReplicas how many replicas must acknowledge a published head (and so everything written
 *     before it) before a save counts as done, with {@code WAIT}; 0 (the default) does not wait, and then
 *     a failover to a replica that lagged can lose saves that returned
 * @param waitAof whether a published head must be in the master's append-only file on disk (and, with
 *     {@code waitReplicas}, in that many replicas' files) before a save counts as done, with
 *     {@code WAITAOF}; needs Redis 7.2 or later. Without it, {@code appendfsync always} on the server gives
 *     the master's part of the same promise
 * @param waitTimeout how long a save waits for those acknowledgements before it fails
 * @since 0.1
 */
public record RedisStorageOptions(
        String keyPrefix,
        @Nullable Duration ttl,
        boolean refreshTtlOnAccess,
        Duration connectTimeout,
        Duration commandTimeout,
        boolean allowEviction,
        int waitReplicas,
        boolean waitAof,
        Duration waitTimeout) {

    /** Default {@code keyPrefix}. */
    public static final String DEFAULT_KEY_PREFIX = "browserstate";
    /** Default {@code connectTimeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code commandTimeout}. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@code waitTimeout}. */
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(2);
    /** Longest accepted {@code keyPrefix}, in characters. */
    public static final int MAX_KEY_PREFIX_LENGTH = 64;

    private static final String PREFIX_PUNCTUATION = ":_-./@#$+=";

    /**
     * Checks and normalizes the settings; a trailing {@code :} of {@code keyPrefix} is dropped.
     *
     * @param keyPrefix first part of every key; letters, digits and {@code : _ - . / @ # $ + =}, at most
     *     {@value #MAX_KEY_PREFIX_LENGTH} characters
     * @param ttl time to live of every key of a session, at least 1 ms; {@code null} for none
     * @param refreshTtlOnAccess whether recording an access (a restore) refreshes the time to live too
     * @param connectTimeout how long connecting to a node may take; positive, not {@code null}
     * @param commandTimeout how long one command may take; positive, not {@code null}
     * @param allowEviction whether a server that may evict the store's keys is accepted (with a warning)
     * @param waitReplicas replicas that must acknowledge a published head; 0 to 16
     * @param waitAof whether a published head must be in the append-only file on disk
     * @param waitTimeout how long to wait for those acknowledgements; positive, less than the command timeout
     * @throws InvalidConfigurationException listing every invalid setting at once
     */
    public RedisStorageOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
        List<String> problems = new ArrayList<>();
        if (waitReplicas < 0 || waitReplicas > 16) {
            problems.add("waitReplicas must be between 0 and 16, was " + waitReplicas);
        }
        if (waitTimeout.isNegative() || waitTimeout.isZero() || waitTimeout.compareTo(commandTimeout) >= 0) {
            problems.add("waitTimeout must be positive and shorter than commandTimeout (" + commandTimeout + "), was " + waitTimeout);
        }
        keyPrefix = normalizePrefix(keyPrefix, problems);
        if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.toMillis() < 1)) {
            problems.add("ttl must be at least 1 ms (omit it for keys that never expire), was " + ttl);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            problems.add("connectTimeout must be positive, was " + connectTimeout);
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            problems.add("commandTimeout must be positive, was " + commandTimeout);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    private static @Nullable String normalizePrefix(@Nullable String prefix, List<String> problems) {
        if (prefix == null) {
            problems.add("keyPrefix must not be null");
            return null;
        }
        String p = prefix.endsWith(":") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (p.isEmpty()) {
            problems.add("keyPrefix must not be empty");
        } else if (p.length() > MAX_KEY_PREFIX_LENGTH) {
            problems.add("keyPrefix is " + p.length() + " characters long; the limit is " + MAX_KEY_PREFIX_LENGTH);
        } else {
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || PREFIX_PUNCTUATION.indexOf(c) >= 0;
                if (!ok) {
                    problems.add("keyPrefix '" + prefix + "' contains '" + c + "' at index " + i + "; allowed are letters, digits and "
                            + PREFIX_PUNCTUATION + " (braces would break Redis Cluster hash tags, * ? [ ] key patterns)");
                    break;
                }
            }
        }
        return p;
    }

    /**
     * Prefix {@code browserstate}, no TTL, 10 s to connect, 30 s per command.
     *
     * @return the default options
     */
    public static RedisStorageOptions defaults() {
        return builder().build();
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options, to change a copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().keyPrefix(keyPrefix).ttl(ttl).refreshTtlOnAccess(refreshTtlOnAccess).connectTimeout(connectTimeout)
                .commandTimeout(commandTimeout).allowEviction(allowEviction).waitReplicas(waitReplicas).waitAof(waitAof)
                .waitTimeout(waitTimeout);
    }

    /** Builds {@link RedisStorageOptions}; every setter starts from the documented default. */
    public static final class Builder {
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private @Nullable Duration ttl;
        private boolean refreshTtlOnAccess;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private boolean allowEviction;
        private int waitReplicas;
        private boolean waitAof;
        private Duration waitTimeout = DEFAULT_WAIT_TIMEOUT;

        private Builder() {
        }

        /**
         * Sets the first part of every key; default {@value RedisStorageOptions#DEFAULT_KEY_PREFIX}.
         *
         * @param v the key prefix
         * @return this builder
         */
        public Builder keyPrefix(String v) { this.keyPrefix = v; return this; }
        /**
         * Sets the time to live of every key of a session; default none.
         *
         * @param v the time to live, or {@code null} for keys that never expire
         * @return this builder
         */
        public Builder ttl(@Nullable Duration v) { this.ttl = v; return this; }
        /**
         * Sets whether recording an access (a restore) refreshes the time to live too; default {@code false}.
         *
         * @param v {@code true} to refresh on access
         * @return this builder
         */
        public Builder refreshTtlOnAccess(boolean v) { this.refreshTtlOnAccess = v; return this; }
        /**
         * Sets how long connecting to a node may take; default 10 s.
         *
         * @param v the connect timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }
        /**
         * Sets how long one command may take; default 30 s.
         *
         * @param v the command timeout
         * @return this builder
         */
        public Builder commandTimeout(Duration v) { this.commandTimeout = v; return this; }
        /**
         * Sets whether a server whose eviction policy may evict the store's keys is accepted, with a
         * warning; default {@code false}, refused.
         *
         * @param v {@code true} to accept the risk
         * @return this builder
         */
        public Builder allowEviction(boolean v) { this.allowEviction = v; return this; }
        /**
         * Sets how many replicas must acknowledge a published head before a save counts as done; default 0.
         *
         * @param v the replica count, 0 to not wait
         * @return this builder
         */
        public Builder waitReplicas(int v) { this.waitReplicas = v; return this; }
        /**
         * Sets whether a published head must be in the append-only file on disk before a save counts as
         * done ({@code WAITAOF}, Redis 7.2 or later); default {@code false}.
         *
         * @param v {@code true} to wait for the AOF
         * @return this builder
         */
        public Builder waitAof(boolean v) { this.waitAof = v; return this; }
        /**
         * Sets how long a save waits for replicas or the AOF before it fails; default 2 s.
         *
         * @param v the timeout
         * @return this builder
         */
        public Builder waitTimeout(Duration v) { this.waitTimeout = v; return this; }

        /**
         * Checks the settings and builds the options.
         *
         * @return the options
         * @throws InvalidConfigurationException listing every invalid setting at once
         */
        public RedisStorageOptions build() {
            return new RedisStorageOptions(keyPrefix, ttl, refreshTtlOnAccess, connectTimeout, commandTimeout, allowEviction, waitReplicas,
                    waitAof, waitTimeout);
        }
    }
}
