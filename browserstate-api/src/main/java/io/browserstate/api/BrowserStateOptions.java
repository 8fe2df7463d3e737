package io.browserstate.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the snapshot engine saves and restores. Immutable; change a copy with {@link #toBuilder()}.
 *
 * @param compression codec name for new chunks: {@code none}, {@code gzip}, {@code zstd} or {@code lz4}
 *     (or any codec found through {@code ServiceLoader}); recorded per blob, so readers need no
 *     configuration
 * @param encryption {@code aes-256-gcm} to encrypt what new saves write (chunks, manifests, records, head
 *     attributes) under the current key, or {@code none}; recorded per blob, so a store may hold both and a
 *     reader needs only the keys
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
 * @param keepFor older snapshots are dropped once older than this, even within {@code keepSnapshots};
 *     {@code null} keeps by count only. The current snapshot is always kept.
 * @param gcGrace how long a claimed blob is safe from garbage collection: a collection deletes only
 *     blobs nothing references that were not claimed within this time, and a save or fork publishes
 *     within it of its claims (or claims again). Longer than any save takes, and the same for every
 *     worker of a store: a collector with a shorter grace than a writer's could delete what that writer
 *     is about to publish.
 * @param encryptionKeys master keys by reference, never the keys themselves: {@code id=env:VARIABLE}
 *     (the variable holds the key) or {@code id=file:/path} (the file holds it), the key as 32 bytes in
 *     base64 or hex (a file may hold the 32 raw bytes). The first is the current key, the others are
 *     read only. Empty unless encryption is used (or encrypted sessions are read)
 * @param keyProvider the keys from code instead of {@code encryptionKeys} (a KMS, a vault), or {@code null}
 * @param leaseOwner the name this manager takes leases under, or {@code null} for one of its own (process id,
 *     host and a random part). A manager takes a lease it holds under its name again at once, so a stable
 *     name (a worker's name) lets a restarted worker take back the leases its previous run left behind
 *     without waiting out their TTL. Two managers that run at once must never share a name.
 * @param packSmallFiles pack files of up to 32 KiB several to a chunk, so that a profile of many small files
 *     costs hundreds of blobs rather than one per file (since 0.6). Snapshots holding packed files are
 *     manifest format 2, which readers before 0.6 refuse: turn it off while older workers of a fleet must
 *     still restore what new ones save.
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
        boolean fsync,
        @Nullable Duration keepFor,
        Duration gcGrace,
        List<String> encryptionKeys,
        io.browserstate.spi.@Nullable KeyProvider keyProvider,
        @Nullable String leaseOwner,
        boolean packSmallFiles) {

    /** The codec used unless {@code compression} is set: {@value}. */
    public static final String DEFAULT_COMPRESSION = "zstd";
    /** The encryption used unless {@code encryption} is set: {@value}. */
    public static final String DEFAULT_ENCRYPTION = "none";
    /** The encryption value that turns encryption on: {@value}. */
    public static final String AES_256_GCM = "aes-256-gcm";
    private static final java.util.regex.Pattern LEASE_OWNER = java.util.regex.Pattern.compile("[\\x21-\\x7e\\u00a0-\\uffff]{1,200}");
    private static final java.util.regex.Pattern KEY_REFERENCE = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}=(env|file):.+");
    /** The chunk size used unless {@code chunkSize} is set: 512 KiB. */
    public static final int DEFAULT_CHUNK_SIZE = 512 * 1024;
    /** The smallest accepted {@code chunkSize}: 4 KiB. */
    public static final int MIN_CHUNK_SIZE = 4 * 1024;
    /** The largest accepted {@code chunkSize}: 4 MiB. */
    public static final int MAX_CHUNK_SIZE = 4 * 1024 * 1024;
    /** The file size limit used unless {@code maxFileSize} is set: 0, no limit. */
    public static final long DEFAULT_MAX_FILE_SIZE = 0;
    /** How many snapshots are kept unless {@code keepSnapshots} is set: {@value}. */
    public static final int DEFAULT_KEEP_SNAPSHOTS = 3;
    /** The restore size limit used unless {@code maxRestoreBytes} is set: 16 GiB. */
    public static final long DEFAULT_MAX_RESTORE_BYTES = 16L * 1024 * 1024 * 1024;
    /** The restore entry limit used unless {@code maxRestoreFiles} is set: one million. */
    public static final long DEFAULT_MAX_RESTORE_FILES = 1_000_000;
    /** The grace period used unless {@code gcGrace} is set: 15 minutes. */
    public static final Duration DEFAULT_GC_GRACE = Duration.ofMinutes(15);
    /** The shortest accepted {@code gcGrace}: 100 ms (tests; a store shared by machines wants minutes). */
    public static final Duration MIN_GC_GRACE = Duration.ofMillis(100);
    /** The lease lifetime used unless {@code leaseTtl} is set: 60 seconds. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(60);
    /**
     * The worker thread count used unless {@code parallelism} is set: the number of available processors,
     * at least 2 and at most 8.
     */
    public static final int DEFAULT_PARALLELISM = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

    /** Never saved nor restored: Chromium refuses a profile that carries another machine's lock. */
    public static final List<String> ALWAYS_EXCLUDED = List.of("**/SingletonLock", "**/SingletonSocket", "**/SingletonCookie");

    /** Chromium caches, excluded unless {@code defaultExcludes} is off: they are large and rebuilt on demand. */
    public static final List<String> DEFAULT_EXCLUDES = List.of(
            "**/Cache/**", "**/Code Cache/**", "**/GPUCache/**", "**/DawnGraphiteCache/**", "**/DawnWebGPUCache/**",
            "**/GrShaderCache/**", "**/ShaderCache/**", "**/GraphiteDawnCache/**", "**/component_crx_cache/**",
            "**/extensions_crx_cache/**", "**/Crashpad/**", "**/Crash Reports/**", "**/Service Worker/CacheStorage/**/index-dir/the-real-index-tmp*",
            "**/optimization_guide_model_store/**", "**/BrowserMetrics/**", "**/BrowserMetrics-spare.pma");

    /**
     * Checks every value and copies {@code excludes}. All out-of-range values are reported together.
     *
     * @param compression codec name for new chunks
     * @param encryption encryption codec name, or {@code none}
     * @param chunkSize bytes per content chunk, from {@value #MIN_CHUNK_SIZE} to {@value #MAX_CHUNK_SIZE}
     * @param maxFileSize files larger than this are skipped and reported; 0 means no limit, negative is refused
     * @param defaultExcludes whether Chromium's caches are excluded
     * @param excludes extra glob patterns
     * @param keepSnapshots how many snapshots of a session are kept; at least 1
     * @param maxRestoreBytes the most file bytes a restore accepts; positive
     * @param maxRestoreFiles the most entries a restore accepts; positive
     * @param leaseTtl how long a lease lives without renewal; at least 1 second
     * @param parallelism worker threads, from 1 to 64
     * @param workDirectory where mounts create their private profile directories
     * @param trustMtime whether a file whose size and modification time match the base snapshot is reused unread
     * @param fsync whether restored files are forced to disk before a restore returns
     * @param keepFor the age beyond which older snapshots are dropped, or {@code null}; positive
     * @param gcGrace how long a claimed blob is safe from collection; at least {@link #MIN_GC_GRACE}
     * @param encryptionKeys key references ({@code id=env:NAME} or {@code id=file:PATH}), the current key first
     * @param keyProvider the keys from code, or {@code null}; not together with {@code encryptionKeys}
     * @param leaseOwner the name leases are taken under, or {@code null}; 1 to 200 characters without spaces
     * @param packSmallFiles whether small files are packed several to a chunk
     * @throws InvalidConfigurationException listing every value that is out of range
     * @throws NullPointerException when {@code compression}, {@code encryption}, {@code excludes},
     *     {@code leaseTtl}, {@code workDirectory} or {@code gcGrace} is {@code null}
     */
    public BrowserStateOptions {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(encryption, "encryption");
        excludes = List.copyOf(excludes);
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(gcGrace, "gcGrace");
        encryptionKeys = List.copyOf(encryptionKeys);
        List<String> problems = new ArrayList<>();
        if (!DEFAULT_ENCRYPTION.equals(encryption) && !AES_256_GCM.equals(encryption)) {
            problems.add("encryption must be " + DEFAULT_ENCRYPTION + " or " + AES_256_GCM + ", was '" + encryption + "'");
        }
        for (String ref : encryptionKeys) {
            if (!KEY_REFERENCE.matcher(ref).matches()) {
                // never echo the value: a user may have pasted a key where its reference belongs
                problems.add("encryptionKeys entry " + (encryptionKeys.indexOf(ref) + 1) + " is not a key reference: write id=env:VARIABLE"
                        + " or id=file:/path (the id 1 to 64 of A-Z a-z 0-9 . _ -), never the key itself");
            }
        }
        if (!encryptionKeys.isEmpty() && keyProvider != null) {
            problems.add("set either encryptionKeys or a keyProvider, not both");
        }
        if (AES_256_GCM.equals(encryption) && encryptionKeys.isEmpty() && keyProvider == null) {
            problems.add("encryption " + AES_256_GCM + " needs a key: set encryptionKeys (e.g. k1=env:BROWSERSTATE_KEY) or a keyProvider");
        }
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
        if (keepFor != null && (keepFor.isNegative() || keepFor.isZero())) {
            problems.add("keepFor must be positive, was " + keepFor);
        }
        if (gcGrace.compareTo(MIN_GC_GRACE) < 0) {
            problems.add("gcGrace must be at least " + MIN_GC_GRACE.toMillis() + " ms, was " + gcGrace);
        }
        if (leaseOwner != null && !LEASE_OWNER.matcher(leaseOwner).matches()) {
            problems.add("leaseOwner must be 1 to 200 characters without spaces or control characters, was '" + leaseOwner + "'");
        }
        if (parallelism < 1 || parallelism > 64) {
            problems.add("parallelism must be between 1 and 64, was " + parallelism);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /**
     * The defaults: zstd, 512 KiB chunks, no size limit, caches excluded, three snapshots kept.
     *
     * @return the default options
     */
    public static BrowserStateOptions defaults() {
        return builder().build();
    }

    /**
     * A builder that starts from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts from these options, to change a copy.
     *
     * @return a new builder holding every value of these options
     */
    public Builder toBuilder() {
        return new Builder()
                .compression(compression).encryption(encryption).chunkSize(chunkSize).maxFileSize(maxFileSize)
                .defaultExcludes(defaultExcludes).excludes(excludes).keepSnapshots(keepSnapshots)
                .maxRestoreBytes(maxRestoreBytes).maxRestoreFiles(maxRestoreFiles).leaseTtl(leaseTtl)
                .parallelism(parallelism).workDirectory(workDirectory).trustMtime(trustMtime).fsync(fsync)
                .keepFor(keepFor).gcGrace(gcGrace).encryptionKeys(encryptionKeys).keyProvider(keyProvider)
                .leaseOwner(leaseOwner).packSmallFiles(packSmallFiles);
    }

    /**
     * The options of 0.5, before {@code packSmallFiles}: small files are packed.
     *
     * @deprecated use {@link #builder()}, or the constructor with {@code packSmallFiles}
     */
    @Deprecated(since = "0.6")
    public BrowserStateOptions(String compression, String encryption, int chunkSize, long maxFileSize, boolean defaultExcludes,
            List<String> excludes, int keepSnapshots, long maxRestoreBytes, long maxRestoreFiles, Duration leaseTtl, int parallelism,
            Path workDirectory, boolean trustMtime, boolean fsync, @Nullable Duration keepFor, Duration gcGrace, List<String> encryptionKeys,
            io.browserstate.spi.@Nullable KeyProvider keyProvider, @Nullable String leaseOwner) {
        this(compression, encryption, chunkSize, maxFileSize, defaultExcludes, excludes, keepSnapshots, maxRestoreBytes, maxRestoreFiles,
                leaseTtl, parallelism, workDirectory, trustMtime, fsync, keepFor, gcGrace, encryptionKeys, keyProvider, leaseOwner, true);
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
        private @Nullable Duration keepFor;
        private Duration gcGrace = DEFAULT_GC_GRACE;
        private List<String> encryptionKeys = List.of();
        private io.browserstate.spi.@Nullable KeyProvider keyProvider;
        private @Nullable String leaseOwner;
        private boolean packSmallFiles = true;

        private Builder() {
        }

        /**
         * Sets the codec name for new chunks; default {@value BrowserStateOptions#DEFAULT_COMPRESSION}.
         *
         * @param v a codec name, e.g. {@code none}, {@code gzip}, {@code zstd} or {@code lz4}
         * @return this builder
         */
        public Builder compression(String v) { this.compression = v; return this; }
        /**
         * Sets the encryption of new saves; default {@value BrowserStateOptions#DEFAULT_ENCRYPTION}.
         *
         * @param v {@value BrowserStateOptions#AES_256_GCM} or {@code none}
         * @return this builder
         */
        public Builder encryption(String v) { this.encryption = v; return this; }
        /**
         * Sets the bytes per content chunk; default 512 KiB.
         *
         * @param v the chunk size in bytes, from {@value BrowserStateOptions#MIN_CHUNK_SIZE} to
         *     {@value BrowserStateOptions#MAX_CHUNK_SIZE}
         * @return this builder
         */
        public Builder chunkSize(int v) { this.chunkSize = v; return this; }
        /**
         * Sets the size above which files are skipped and reported; default 0, no limit.
         *
         * @param v the limit in bytes, or 0 for no limit
         * @return this builder
         */
        public Builder maxFileSize(long v) { this.maxFileSize = v; return this; }
        /**
         * Sets whether Chromium's caches ({@link BrowserStateOptions#DEFAULT_EXCLUDES}) are excluded; default {@code true}.
         *
         * @param v whether the default exclusions apply
         * @return this builder
         */
        public Builder defaultExcludes(boolean v) { this.defaultExcludes = v; return this; }
        /**
         * Sets the extra glob patterns to exclude; default none.
         *
         * @param v relative, {@code /}-separated glob patterns; copied
         * @return this builder
         */
        public Builder excludes(List<String> v) { this.excludes = List.copyOf(v); return this; }
        /**
         * Sets how many snapshots of a session are kept, the current one included; default
         * {@value BrowserStateOptions#DEFAULT_KEEP_SNAPSHOTS}.
         *
         * @param v the number of snapshots, at least 1
         * @return this builder
         */
        public Builder keepSnapshots(int v) { this.keepSnapshots = v; return this; }
        /**
         * Sets the most file bytes a restore accepts; default 16 GiB.
         *
         * @param v the limit in bytes, positive
         * @return this builder
         */
        public Builder maxRestoreBytes(long v) { this.maxRestoreBytes = v; return this; }
        /**
         * Sets the most entries a restore accepts; default one million.
         *
         * @param v the limit, positive
         * @return this builder
         */
        public Builder maxRestoreFiles(long v) { this.maxRestoreFiles = v; return this; }
        /**
         * Sets how long a lease lives without renewal; default 60 seconds.
         *
         * @param v the lease lifetime, at least 1 second
         * @return this builder
         */
        public Builder leaseTtl(Duration v) { this.leaseTtl = v; return this; }
        /**
         * Sets the worker threads for hashing, compression and transfer; default {@link BrowserStateOptions#DEFAULT_PARALLELISM}.
         *
         * @param v the thread count, from 1 to 64
         * @return this builder
         */
        public Builder parallelism(int v) { this.parallelism = v; return this; }
        /**
         * Sets where mounts create their private profile directories; default {@code browserstate} in {@code java.io.tmpdir}.
         *
         * @param v the work directory
         * @return this builder
         */
        public Builder workDirectory(Path v) { this.workDirectory = v; return this; }
        /**
         * Sets whether unchanged size and modification time let a file's chunks be reused unread; default {@code true}.
         *
         * @param v whether modification times are trusted
         * @return this builder
         */
        public Builder trustMtime(boolean v) { this.trustMtime = v; return this; }
        /**
         * Sets whether restored files are forced to disk before a restore returns; default {@code false}.
         *
         * @param v whether restores force files to disk
         * @return this builder
         */
        public Builder fsync(boolean v) { this.fsync = v; return this; }
        /**
         * Sets the age beyond which older snapshots are dropped; default {@code null}, by count only.
         *
         * @param v the age, positive, or {@code null}
         * @return this builder
         */
        public Builder keepFor(@Nullable Duration v) { this.keepFor = v; return this; }
        /**
         * Sets how long a claimed blob is safe from garbage collection; default 15 minutes.
         *
         * @param v the grace period, at least {@link BrowserStateOptions#MIN_GC_GRACE}
         * @return this builder
         */
        public Builder gcGrace(Duration v) { this.gcGrace = v; return this; }
        /**
         * Sets the master keys by reference, the current one first; default none.
         *
         * @param v references {@code id=env:VARIABLE} or {@code id=file:/path}; copied
         * @return this builder
         */
        public Builder encryptionKeys(List<String> v) { this.encryptionKeys = List.copyOf(v); return this; }
        /**
         * Sets the keys from code (a KMS, a vault) instead of {@code encryptionKeys}; default {@code null}.
         *
         * @param v the key provider, or {@code null}
         * @return this builder
         */
        public Builder keyProvider(io.browserstate.spi.@Nullable KeyProvider v) { this.keyProvider = v; return this; }
        /**
         * Sets the name leases are taken under; default {@code null}, a name of the manager's own. A stable
         * name lets a restarted worker take its leases back at once; never give two running managers one.
         *
         * @param v the owner name, or {@code null}
         * @return this builder
         */
        public Builder leaseOwner(@Nullable String v) { this.leaseOwner = v; return this; }

        /**
         * Whether small files are packed several to a chunk; {@code true} unless set. Turn it off while readers
         * before 0.6, which refuse packed snapshots, must restore what this manager saves.
         *
         * @param v whether to pack
         * @return this builder
         * @since 0.6
         */
        public Builder packSmallFiles(boolean v) { this.packSmallFiles = v; return this; }

        /**
         * Builds the options from the values set so far.
         *
         * @return the options
         * @throws InvalidConfigurationException listing every value that is out of range
         */
        public BrowserStateOptions build() {
            return new BrowserStateOptions(compression, encryption, chunkSize, maxFileSize, defaultExcludes, excludes,
                    keepSnapshots, maxRestoreBytes, maxRestoreFiles, leaseTtl, parallelism, workDirectory, trustMtime, fsync, keepFor, gcGrace,
                    encryptionKeys, keyProvider, leaseOwner, packSmallFiles);
        }
    }
}
