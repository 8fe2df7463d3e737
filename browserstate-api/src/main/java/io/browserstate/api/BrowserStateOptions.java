package io.browserstate.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the snapshot engine saves and restores. Immutable; change a copy with {@link #toBuilder()}.
 *
 * @param compression codec name for new chunks: {@code none}, {@code gzip}, {@code zstd} or {@code lz4}
 *     (or any codec found through {@code ServiceLoader}); recorded per blob, so readers need no
 *     configuration
 * @param encryption encryption codec name, or {@code none}
 * @param chunkSize bytes per content chunk; files are cut into chunks of this size
 * @param maxFileSize files larger than this are skipped and reported; 0 means no limit
 * @param defaultExcludes whether Chromium's caches are excluded (see {@link #DEFAULT_EXCLUDES});
 *     {@code Singleton*} files are excluded always
 * @param excludes extra glob patterns (relative paths, {@code /}-separated, {@code **} allowed)
 * @param keepSnapshots how many snapshots of a session are kept (the current one included)
 * @param maxRestoreBytes a restore refuses a snapshot claiming more file bytes than this
 * @param maxRestoreFiles a restore refuses a snapshot claiming more entries than this
 * @param leaseTtl how long a lease lives without renewal; mounts renew it in the background
 * @param parallelism worker threads for hashing, compression and transfer
 * @param workDirectory where mounts create their private profile directories
 * @param trustMtime reuse the chunks of a file whose size and modification time match the base
 *     snapshot, without reading it again
 * @param fsync force restored files to disk before a restore returns
 * @since 0.1
 */
public record BrowserStateOptions(
        String compression,
        String encryption,
        int chunkSize,
        long maxFileSize,
        boolean defaultExcludes,
        List<String> excludes,
        int keepSnapshots,
        long maxRestoreBytes,
        long maxRestoreFiles,
        Duration leaseTtl,
        int parallelism,
        Path workDirectory,
        boolean trustMtime,
        boolean fsync) {

    public static final String DEFAULT_COMPRESSION = "zstd";
    public static final String DEFAULT_ENCRYPTION = "none";
    public static final int DEFAULT_CHUNK_SIZE = 512 * 1024;
    public static final int MIN_CHUNK_SIZE = 4 * 1024;
    public static final int MAX_CHUNK_SIZE = 4 * 1024 * 1024;
    public static final long DEFAULT_MAX_FILE_SIZE = 0;
    public static final int DEFAULT_KEEP_SNAPSHOTS = 3;
    public static final long DEFAULT_MAX_RESTORE_BYTES = 16L * 1024 * 1024 * 1024;
    public static final long DEFAULT_MAX_RESTORE_FILES = 1_000_000;
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(60);
    public static final int DEFAULT_PARALLELISM = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

    /** Never saved nor restored: Chromium refuses a profile that carries another machine's lock. */
    public static final List<String> ALWAYS_EXCLUDED = List.of("**/SingletonLock", "**/SingletonSocket", "**/SingletonCookie");

    /** Chromium caches, excluded unless {@code defaultExcludes} is off: they are large and rebuilt on demand. */
    public static final List<String> DEFAULT_EXCLUDES = List.of(
            "**/Cache/**", "**/Code Cache/**", "**/GPUCache/**", "**/DawnGraphiteCache/**", "**/DawnWebGPUCache/**",
            "**/GrShaderCache/**", "**/ShaderCache/**", "**/GraphiteDawnCache/**", "**/component_crx_cache/**",
            "**/extensions_crx_cache/**", "**/Crashpad/**", "**/Crash Reports/**", "**/Service Worker/CacheStorage/**/index-dir/the-real-index-tmp*",
            "**/optimization_guide_model_store/**", "**/BrowserMetrics/**", "**/BrowserMetrics-spare.pma");

    public BrowserStateOptions {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(encryption, "encryption");
        excludes = List.copyOf(excludes);
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(workDirectory, "workDirectory");
        List<String> problems = new ArrayList<>();
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            problems.add("chunkSize must be between " + MIN_CHUNK_SIZE + " and " + MAX_CHUNK_SIZE + " bytes, was " + chunkSize);
        }
        if (maxFileSize < 0) {
            problems.add("maxFileSize must be 0 (no limit) or positive, was " + maxFileSize);
        }
        if (keepSnapshots < 1) {
            problems.add("keepSnapshots must be at least 1, was " + keepSnapshots);
        }
        if (maxRestoreBytes <= 0) {
            problems.add("maxRestoreBytes must be positive, was " + maxRestoreBytes);
        }
        if (maxRestoreFiles <= 0) {
            problems.add("maxRestoreFiles must be positive, was " + maxRestoreFiles);
        }
        if (leaseTtl.isNegative() || leaseTtl.toMillis() < 1000) {
            problems.add("leaseTtl must be at least 1 second, was " + leaseTtl);
        }
        if (parallelism < 1 || parallelism > 64) {
            problems.add("parallelism must be between 1 and 64, was " + parallelism);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /** The defaults: zstd, 512 KiB chunks, no size limit, caches excluded, three snapshots kept. */
    public static BrowserStateOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .compression(compression).encryption(encryption).chunkSize(chunkSize).maxFileSize(maxFileSize)
                .defaultExcludes(defaultExcludes).excludes(excludes).keepSnapshots(keepSnapshots)
                .maxRestoreBytes(maxRestoreBytes).maxRestoreFiles(maxRestoreFiles).leaseTtl(leaseTtl)
                .parallelism(parallelism).workDirectory(workDirectory).trustMtime(trustMtime).fsync(fsync);
    }

    /** Builds {@link BrowserStateOptions}; every setter starts from the documented default. */
    public static final class Builder {
        private String compression = DEFAULT_COMPRESSION;
        private String encryption = DEFAULT_ENCRYPTION;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
        private boolean defaultExcludes = true;
        private List<String> excludes = List.of();
        private int keepSnapshots = DEFAULT_KEEP_SNAPSHOTS;
        private long maxRestoreBytes = DEFAULT_MAX_RESTORE_BYTES;
        private long maxRestoreFiles = DEFAULT_MAX_RESTORE_FILES;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private int parallelism = DEFAULT_PARALLELISM;
        private Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"), "browserstate");
        private boolean trustMtime = true;
        private boolean fsync;

        private Builder() {
        }

        public Builder compression(String v) { this.compression = v; return this; }
        public Builder encryption(String v) { this.encryption = v; return this; }
        public Builder chunkSize(int v) { this.chunkSize = v; return this; }
        public Builder maxFileSize(long v) { this.maxFileSize = v; return this; }
        public Builder defaultExcludes(boolean v) { this.defaultExcludes = v; return this; }
        public Builder excludes(List<String> v) { this.excludes = List.copyOf(v); return this; }
        public Builder keepSnapshots(int v) { this.keepSnapshots = v; return this; }
        public Builder maxRestoreBytes(long v) { this.maxRestoreBytes = v; return this; }
        public Builder maxRestoreFiles(long v) { this.maxRestoreFiles = v; return this; }
        public Builder leaseTtl(Duration v) { this.leaseTtl = v; return this; }
        public Builder parallelism(int v) { this.parallelism = v; return this; }
        public Builder workDirectory(Path v) { this.workDirectory = v; return this; }
        public Builder trustMtime(boolean v) { this.trustMtime = v; return this; }
        public Builder fsync(boolean v) { this.fsync = v; return this; }

        public BrowserStateOptions build() {
            return new BrowserStateOptions(compression, encryption, chunkSize, maxFileSize, defaultExcludes, excludes,
                    keepSnapshots, maxRestoreBytes, maxRestoreFiles, leaseTtl, parallelism, workDirectory, trustMtime, fsync);
        }
    }
}
