package io.browserstate.legacy;

import io.browserstate.api.InvalidConfigurationException;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How legacy sessions are read, written and mirrored. Immutable; change a copy with {@link #toBuilder()}.
 *
 * @param keyPrefix the logical key prefix: keys are {@code keyPrefix:userId:sessionId}. The original writers'
 *     options {@code "myapp"} (TypeScript), {@code "myapp"} or {@code "myapp:"} (Python) and {@code "myapp:"}
 *     (seed-era) all mean {@code myapp}, and so do they here: one trailing colon is dropped (the record holds
 *     {@code myapp}); any other colon is refused.
 * @param maxRestoreBytes a restore refuses a value that expands to more file bytes than this
 * @param maxRestoreEntries a restore refuses a value holding more entries (implied directories included)
 * @param writeBack whether a {@linkplain LegacySessions#mirroring mirroring} manager also writes every
 *     save back as a legacy ZIP value, so that TypeScript and Python workers keep seeing the session
 * @param writeBackTtl expiry of written legacy keys ({@code SETEX}), or {@code null} for none
 * @param compressionLevel DEFLATE level of written ZIP values, 0 to 9
 * @param workDirectory where migrations stage restored profiles before saving them natively
 * @param scanCount the {@code COUNT} hint of each {@code SCAN} step when listing
 * @since 0.1
 */
public record LegacyOptions(
        String keyPrefix,
        long maxRestoreBytes,
        long maxRestoreEntries,
        boolean writeBack,
        @Nullable Duration writeBackTtl,
        int compressionLevel,
        Path workDirectory,
        int scanCount) {

    /** The key prefix used when none is set, the original libraries' default. */
    public static final String DEFAULT_KEY_PREFIX = "browserstate";
    /** The default bound on the file bytes one restore expands: 2 GiB. */
    public static final long DEFAULT_MAX_RESTORE_BYTES = 2L * 1024 * 1024 * 1024;
    /** The default bound on the entries one restore accepts. */
    public static final long DEFAULT_MAX_RESTORE_ENTRIES = 100_000;
    /** The default DEFLATE level of written ZIP values. */
    public static final int DEFAULT_COMPRESSION_LEVEL = 6;
    /** The default {@code COUNT} hint of each {@code SCAN} step. */
    public static final int DEFAULT_SCAN_COUNT = 500;

    /** Option names understood by {@link #fromMap(Map)}. */
    public static final Set<String> OPTION_NAMES = Set.of("keyPrefix", "maxRestoreBytes", "maxRestoreEntries", "writeBack",
            "writeBackTtl", "compressionLevel", "workDirectory", "scanCount");

    /**
     * Checks every component, reporting all problems at once, and drops one trailing colon from {@code keyPrefix}.
     *
     * @param keyPrefix the logical key prefix, e.g. {@code myapp} or {@code myapp:}; not empty, and with no other colon
     * @param maxRestoreBytes the most file bytes one restore may expand; positive
     * @param maxRestoreEntries the most entries one restore may hold (implied directories included); positive
     * @param writeBack whether a mirroring manager also writes every save back as a legacy ZIP value
     * @param writeBackTtl expiry of written legacy keys, at least one second, or {@code null} for none
     * @param compressionLevel DEFLATE level of written ZIP values, 0 to 9
     * @param workDirectory where migrations stage restored profiles; not {@code null}
     * @param scanCount the {@code COUNT} hint of each {@code SCAN} step; at least 1
     * @throws InvalidConfigurationException listing every invalid component
     */
    public LegacyOptions {
        List<String> problems = new ArrayList<>();
        if (keyPrefix != null && keyPrefix.endsWith(":")) {
            // the Python and seed-era writers' spelling of the same logical prefix
            keyPrefix = keyPrefix.substring(0, keyPrefix.length() - 1);
        }
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            problems.add("keyPrefix must not be empty (the original default is \"" + DEFAULT_KEY_PREFIX + "\")");
        } else if (keyPrefix.indexOf(':') >= 0) {
            problems.add("keyPrefix \"" + keyPrefix + "\" contains ':'; only one trailing ':' is allowed (\"myapp\" or \"myapp:\"),"
                    + " as the original writers refuse any other");
        }
        if (maxRestoreBytes <= 0) {
            problems.add("maxRestoreBytes must be positive, was " + maxRestoreBytes);
        }
        if (maxRestoreEntries <= 0) {
            problems.add("maxRestoreEntries must be positive, was " + maxRestoreEntries);
        }
        if (writeBackTtl != null && (writeBackTtl.isNegative() || writeBackTtl.toMillis() < 1000)) {
            problems.add("writeBackTtl must be at least 1 second (or absent for no expiry), was " + writeBackTtl);
        }
        if (compressionLevel < 0 || compressionLevel > 9) {
            problems.add("compressionLevel must be between 0 and 9, was " + compressionLevel);
        }
        if (workDirectory == null) {
            problems.add("workDirectory must be set");
        }
        if (scanCount < 1) {
            problems.add("scanCount must be at least 1, was " + scanCount);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /**
     * Prefix {@code browserstate}, 2 GiB / 100 000 entries per restore, no write-back.
     *
     * @return the default options
     */
    public static LegacyOptions defaults() {
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
     * A builder that starts from these options.
     *
     * @return a new builder holding every value of this record
     */
    public Builder toBuilder() {
        return new Builder().keyPrefix(keyPrefix).maxRestoreBytes(maxRestoreBytes).maxRestoreEntries(maxRestoreEntries)
                .writeBack(writeBack).writeBackTtl(writeBackTtl).compressionLevel(compressionLevel)
                .workDirectory(workDirectory).scanCount(scanCount);
    }

    /**
     * Reads options from string pairs, e.g. a configuration file section: {@code keyPrefix},
     * {@code maxRestoreBytes} ({@code 2GB}, {@code 512MB}, {@code 1048576}), {@code maxRestoreEntries},
     * {@code writeBack} ({@code true}/{@code false}), {@code writeBackTtl} ({@code P7D}, {@code 7d},
     * {@code 30s}, {@code 500ms}), {@code compressionLevel}, {@code workDirectory}, {@code scanCount}.
     * Missing names keep their defaults.
     *
     * @param options option names mapped to their values; values are trimmed, and {@code null} counts as empty
     * @return the options read
     * @throws InvalidConfigurationException listing every unknown name and every invalid value at once
     */
    public static LegacyOptions fromMap(Map<String, String> options) {
        Builder b = builder();
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(options.keySet())) {
            String value = Objects.requireNonNullElse(options.get(name), "").trim();
            try {
                switch (name) {
                    case "keyPrefix" -> b.keyPrefix(value);
                    case "maxRestoreBytes" -> b.maxRestoreBytes(parseSize(value));
                    case "maxRestoreEntries" -> b.maxRestoreEntries(Long.parseLong(value));
                    case "writeBack" -> b.writeBack(parseBoolean(value));
                    case "writeBackTtl" -> b.writeBackTtl(value.isEmpty() ? null : parseDuration(value));
                    case "compressionLevel" -> b.compressionLevel(Integer.parseInt(value));
                    case "workDirectory" -> b.workDirectory(Path.of(value));
                    case "scanCount" -> b.scanCount(Integer.parseInt(value));
                    default -> problems.add("unknown legacy option '" + name + "' (known: " + new TreeSet<>(OPTION_NAMES) + ")");
                }
            } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
                problems.add("option " + name + "='" + value + "' is invalid: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            try {
                b.build();
            } catch (InvalidConfigurationException e) {
                problems.addAll(e.problems());
            }
            throw new InvalidConfigurationException(problems);
        }
        return b.build();
    }

    private static boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    private static long parseSize(String value) {
        String v = value.toUpperCase(Locale.ROOT);
        long unit = 1;
        for (String[] suffix : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}}) {
            if (v.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                v = v.substring(0, v.length() - suffix[0].length()).trim();
                break;
            }
        }
        return Math.multiplyExact(Long.parseLong(v), unit);
    }

    private static Duration parseDuration(String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value);
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        long n = Long.parseLong(v.substring(0, Math.max(0, v.length() - 1)));
        return switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("expected an ISO-8601 duration (PT30S) or a number with ms, s, m, h or d");
        };
    }

    /** Builds {@link LegacyOptions}; every setter starts from the documented default. */
    public static final class Builder {
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private long maxRestoreBytes = DEFAULT_MAX_RESTORE_BYTES;
        private long maxRestoreEntries = DEFAULT_MAX_RESTORE_ENTRIES;
        private boolean writeBack;
        private @Nullable Duration writeBackTtl;
        private int compressionLevel = DEFAULT_COMPRESSION_LEVEL;
        private Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"), "browserstate-legacy");
        private int scanCount = DEFAULT_SCAN_COUNT;

        private Builder() {
        }

        /**
         * Sets the logical key prefix; default {@value LegacyOptions#DEFAULT_KEY_PREFIX}.
         *
         * @param v the prefix, e.g. {@code myapp} or {@code myapp:} (one trailing colon is dropped)
         * @return this builder
         */
        public Builder keyPrefix(String v) { this.keyPrefix = v; return this; }

        /**
         * Sets the most file bytes one restore may expand; default 2 GiB.
         *
         * @param v the bound in bytes, positive
         * @return this builder
         */
        public Builder maxRestoreBytes(long v) { this.maxRestoreBytes = v; return this; }

        /**
         * Sets the most entries one restore may hold; default {@value LegacyOptions#DEFAULT_MAX_RESTORE_ENTRIES}.
         *
         * @param v the bound, implied directories included; positive
         * @return this builder
         */
        public Builder maxRestoreEntries(long v) { this.maxRestoreEntries = v; return this; }

        /**
         * Sets whether a mirroring manager also writes every save back as a legacy ZIP value; default off.
         *
         * @param v {@code true} to write saves back
         * @return this builder
         */
        public Builder writeBack(boolean v) { this.writeBack = v; return this; }

        /**
         * Sets the expiry of written legacy keys; default none.
         *
         * @param v the expiry, at least one second, or {@code null} for none
         * @return this builder
         */
        public Builder writeBackTtl(@Nullable Duration v) { this.writeBackTtl = v; return this; }

        /**
         * Sets the DEFLATE level of written ZIP values; default {@value LegacyOptions#DEFAULT_COMPRESSION_LEVEL}.
         *
         * @param v the level, 0 to 9
         * @return this builder
         */
        public Builder compressionLevel(int v) { this.compressionLevel = v; return this; }

        /**
         * Sets where migrations stage restored profiles; default {@code browserstate-legacy} in {@code java.io.tmpdir}.
         *
         * @param v the directory, not {@code null}
         * @return this builder
         */
        public Builder workDirectory(Path v) { this.workDirectory = v; return this; }

        /**
         * Sets the {@code COUNT} hint of each {@code SCAN} step; default {@value LegacyOptions#DEFAULT_SCAN_COUNT}.
         *
         * @param v the hint, at least 1
         * @return this builder
         */
        public Builder scanCount(int v) { this.scanCount = v; return this; }

        /**
         * Creates the options from the values set.
         *
         * @return the options
         * @throws InvalidConfigurationException listing every invalid value at once
         */
        public LegacyOptions build() {
            return new LegacyOptions(keyPrefix, maxRestoreBytes, maxRestoreEntries, writeBack, writeBackTtl, compressionLevel,
                    workDirectory, scanCount);
        }
    }
}
