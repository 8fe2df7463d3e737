package io.browserstate.legacy.internal;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionNotFoundException;
import io.browserstate.api.SkippedFile;
import io.browserstate.core.tree.Hashing;
import io.browserstate.core.tree.Trees;
import io.browserstate.legacy.LegacyFormat;
import io.browserstate.legacy.LegacyOptions;
import io.browserstate.legacy.LegacyRestoreResult;
import io.browserstate.legacy.LegacySessionInfo;
import io.browserstate.legacy.LegacyWriteResult;
import io.browserstate.legacy.MigrationOptions;
import io.browserstate.legacy.MigrationReport;
import io.browserstate.legacy.MigrationResult.Action;
import io.browserstate.legacy.MigrationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything {@code LegacySessions} does; the public class only forwards. */
public final class LegacyEngine implements AutoCloseable {

    /** Native attribute: SHA-256 of the legacy value a snapshot was migrated from or mirrored to. */
    public static final String ATTR_SHA256 = "legacy.sha256";
    /** Native attribute: the legacy value's timestamp (ISO-8601), when known. */
    public static final String ATTR_TIMESTAMP = "legacy.timestamp";
    /** Native attribute: the legacy value's format id. */
    public static final String ATTR_FORMAT = "legacy.format";
    /** Native attribute: when the migration ran (ISO-8601). */
    public static final String ATTR_MIGRATED_AT = "legacy.migratedAt";

    private static final Logger LOG = LoggerFactory.getLogger(LegacyEngine.class);

    /** Headers (local and central) and name that one entry of a value may take besides its content. */
    static final long ENTRY_OVERHEAD_BYTES = 512;

    private final LegacyStore store;
    private final LegacyOptions options;
    private final LegacyRestorer restorer;
    private final Clock clock;
    private final long maxValueBytes;

    public LegacyEngine(LegacyStore store, LegacyOptions options, Clock clock) {
        this.store = store;
        this.options = options;
        this.restorer = new LegacyRestorer(options.maxRestoreBytes(), options.maxRestoreEntries());
        this.clock = clock;
        this.maxValueBytes = maxValueBytes(options);
    }

    public LegacyOptions options() {
        return options;
    }

    LegacyStore store() {
        return store;
    }

    /** Now, to the millisecond (the precision of legacy metadata timestamps). */
    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /**
     * The longest value a restore within the configured limits can come from: its file bytes plus
     * {@value #ENTRY_OVERHEAD_BYTES} bytes of headers and name per entry, as base64 (4/3), and never more
     * than the base64 of {@link LegacyZipWriter#MAX_ARCHIVE_BYTES} (512 MiB, also Redis's default
     * largest value). A value that deflates well is smaller; one that expands beyond the limits
     * despite passing this check is still stopped while inflating.
     */
    static long maxValueBytes(LegacyOptions options) {
        long archive;
        try {
            archive = Math.addExact(options.maxRestoreBytes(), Math.multiplyExact(options.maxRestoreEntries(), ENTRY_OVERHEAD_BYTES));
        } catch (ArithmeticException e) {
            archive = Long.MAX_VALUE;
        }
        return base64Length(Math.min(archive, LegacyZipWriter.MAX_ARCHIVE_BYTES));
    }

    private static long base64Length(long bytes) {
        return (bytes + 2) / 3 * 4;
    }

    /**
     * The value, failing with {@link SessionNotFoundException} when the key is missing or empty, and with
     * {@link CorruptDataException} — before downloading it — when it is longer than any value within the
     * configured limits can be.
     */
    private byte[] requireValue(SessionId id) {
        long length = store.valueLength(id);
        if (length == 0) {
            throw new SessionNotFoundException(id);
        }
        checkValueLength(id, length);
        byte[] value = store.value(id);
        if (value == null || value.length == 0) {
            throw new SessionNotFoundException(id);
        }
        checkValueLength(id, value.length); // replaced by a longer one between STRLEN and GET
        return value;
    }

    private void checkValueLength(SessionId id, long length) {
        if (length > maxValueBytes) {
            throw new CorruptDataException(id, "the legacy value " + store.key(id) + " is " + length
                    + " bytes long, more than the " + maxValueBytes + " bytes that a value within maxRestoreBytes="
                    + options.maxRestoreBytes() + " and maxRestoreEntries=" + options.maxRestoreEntries()
                    + " can take (at most " + base64Length(LegacyZipWriter.MAX_ARCHIVE_BYTES) + "); refused without reading it");
        }
    }

    public LegacyRestoreResult restore(SessionId id, Path target) {
        long start = System.nanoTime();
        byte[] value = requireValue(id);
        LegacyRestorer.Outcome outcome = restorer.restore(id, value, target);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!outcome.dropped().isEmpty()) {
            LOG.info("Legacy session {}: left out Chromium lock entries {}", id, outcome.dropped());
        }
        LOG.debug("Legacy session {} ({}) restored: {} files, {} bytes in {} ms", id,
                outcome.format().id(), outcome.files(), outcome.bytes(), took.toMillis());
        return new LegacyRestoreResult(id, outcome.format(), Hashing.sha256(value), target.toAbsolutePath().normalize(),
                outcome.files(), outcome.directories(), outcome.symlinks(), outcome.bytes(), value.length, outcome.dropped(), took);
    }

    public Optional<LegacySessionInfo> info(SessionId id) {
        long length = store.valueLength(id);
        if (length == 0) {
            return Optional.empty();
        }
        LegacyFormat format = LegacyValues.detect(store.valuePrefix(id, 64));
        Duration ttl = store.ttl(id);
        String raw = store.metadata(id);
        LegacyMetadata metadata = raw == null ? null : LegacyMetadata.parse(raw);
        return Optional.of(new LegacySessionInfo(id, store.key(id), format, length, ttl, raw,
                metadata == null ? null : metadata.timestamp(), metadata == null ? null : metadata.writer()));
    }

    public boolean exists(SessionId id) {
        return store.valueLength(id) > 0;
    }

    public List<SessionId> list(String userId) {
        return store.list(userId);
    }

    public List<SessionId> listAll() {
        return store.listAll();
    }

    public boolean delete(SessionId id) {
        return store.delete(id);
    }

    // ---------------------------------------------------------------- migration

    public MigrationResult migrate(SessionId id, BrowserStateManager target, MigrationOptions migration) {
        byte[] value = requireValue(id);
        String sha256 = Hashing.sha256(value);
        LegacyFormat format = LegacyValues.detect(value);
        Instant legacyTime = legacyTimestamp(id, value, format);
        Optional<SessionInfo> nativeInfo = target.info(id);
        long nativeVersion = nativeInfo.map(SessionInfo::version).orElse(0L);

        if (nativeInfo.isPresent() && sha256.equals(nativeInfo.get().attributes().get(ATTR_SHA256))) {
            String detail = "native version " + nativeVersion + " already holds this legacy value";
            boolean deleted = false;
            long legacyFiles = migration.deleteLegacy() && !migration.deleteIncomplete() ? restorer.verify(id, value).files() : 0;
            if (nativeInfo.get().fileCount() < legacyFiles) {
                detail += "; legacy keys kept: the native copy holds " + nativeInfo.get().fileCount() + " of the legacy value's "
                        + legacyFiles + " files (deleteIncomplete allows deleting)";
            } else if (migration.deleteLegacy()) {
                if (migration.dryRun()) {
                    detail += "; would delete the legacy keys";
                } else {
                    deleted = store.deleteIfUnchanged(id, Digests.sha1(value));
                    detail += deleted ? "; legacy keys deleted" : "; legacy value changed meanwhile, keys kept";
                }
            }
            return new MigrationResult(id, Action.UP_TO_DATE, format, sha256, legacyTime, 0, 0, nativeVersion, deleted, detail, List.of());
        }
        if (nativeInfo.isPresent() && !migration.overwriteNewerNative() && !isAfter(legacyTime, nativeInfo.get().updatedAt())) {
            String detail = "native version " + nativeVersion + " (updated " + nativeInfo.get().updatedAt() + ") is newer than the legacy value ("
                    + (legacyTime == null ? "written at an unknown time" : "written " + legacyTime)
                    + "); left alone (overwriteNewerNative replaces it)";
            return new MigrationResult(id, Action.SKIPPED_NATIVE_NEWER, format, sha256, legacyTime, 0, 0, nativeVersion, false, detail, List.of());
        }
        if (migration.dryRun()) {
            LegacyRestorer.Outcome outcome = restorer.verify(id, value);
            String detail = "would save " + outcome.files() + " files (" + outcome.bytes() + " bytes) as native version "
                    + (nativeVersion + 1) + (migration.deleteLegacy() ? " and delete the legacy keys" : "");
            return new MigrationResult(id, Action.WOULD_MIGRATE, outcome.format(), sha256, legacyTime, outcome.files(), outcome.bytes(),
                    nativeVersion, false, detail, List.of());
        }
        return importValue(id, value, sha256, legacyTime, target, migration);
    }

    private MigrationResult importValue(SessionId id, byte[] value, String sha256, Instant legacyTime, BrowserStateManager target,
            MigrationOptions migration) {
        Path staging;
        try {
            Files.createDirectories(options.workDirectory());
            staging = Files.createTempDirectory(options.workDirectory(), "migrate-");
        } catch (IOException e) {
            throw new BrowserStateException("Session " + id + ": cannot create a staging directory in " + options.workDirectory() + ": " + e, e);
        }
        LegacyRestorer.Outcome outcome;
        SaveResult saved;
        try {
            Path profile = staging.resolve("profile");
            outcome = restorer.restore(id, value, profile);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put(ATTR_SHA256, sha256);
            attributes.put(ATTR_FORMAT, outcome.format().id());
            if (legacyTime != null) {
                attributes.put(ATTR_TIMESTAMP, legacyTime.toString());
            }
            attributes.put(ATTR_MIGRATED_AT, now().toString());
            saved = target.save(id, profile, new SaveOptions(null, attributes));
        } finally {
            try {
                Trees.delete(staging);
            } catch (IOException e) {
                LOG.warn("Could not remove migration staging directory " + staging, e);
            }
        }
        List<SkippedFile> leftOut = new ArrayList<>(saved.skipped());
        for (String excluded : saved.excluded()) {
            leftOut.add(new SkippedFile(excluded, 0, "excluded by the store's exclusion rules (defaultExcludes, excludes)"));
        }
        boolean deleteLegacy = migration.deleteLegacy();
        boolean keptIncomplete = deleteLegacy && !leftOut.isEmpty() && !migration.deleteIncomplete();
        boolean deleted = deleteLegacy && !keptIncomplete && store.deleteIfUnchanged(id, Digests.sha1(value));
        String detail = "saved " + outcome.files() + " files (" + outcome.bytes() + " bytes) as native version " + saved.version()
                + (leftOut.isEmpty() ? "" : "; left out " + leftOut.size() + " path(s): " + leftOut)
                + (keptIncomplete ? "; legacy keys kept because the native copy is incomplete (deleteIncomplete allows deleting)"
                        : deleteLegacy ? (deleted ? "; legacy keys deleted" : "; legacy value changed meanwhile, keys kept") : "");
        LOG.info("Legacy session {} migrated: {}", id, detail);
        return new MigrationResult(id, Action.MIGRATED, outcome.format(), sha256, legacyTime, outcome.files(), outcome.bytes(),
                saved.version(), deleted, detail, leftOut);
    }

    /** Migrates each session, turning a failure into a {@code FAILED} result so that the others still run. */
    public MigrationReport migrateAll(List<SessionId> ids, BrowserStateManager target, MigrationOptions migration) {
        List<MigrationResult> results = new ArrayList<>(ids.size());
        for (SessionId id : ids) {
            try {
                results.add(migrate(id, target, migration));
            } catch (BrowserStateException e) {
                LOG.warn("Legacy session {} not migrated: {}", id, e.getMessage());
                results.add(new MigrationResult(id, Action.FAILED, null, null, null, 0, 0, 0, false, e.getMessage(), List.of()));
            }
        }
        return new MigrationReport(migration.dryRun(), results);
    }

    /** The metadata's timestamp, else a seed document's {@code updatedAt}, else {@code null}. */
    Instant legacyTimestamp(SessionId id, byte[] value, LegacyFormat format) {
        String raw = store.metadata(id);
        Instant time = raw == null ? null : LegacyMetadata.parse(raw).timestamp();
        if (time == null && format == LegacyFormat.SEED_JSON_V1) {
            try (SeedJsonArchive seed = new SeedJsonArchive(id, value)) {
                time = LegacyMetadata.parseInstant(seed.updatedAt());
            } catch (CorruptDataException e) {
                return null;
            }
        }
        return time;
    }

    private static boolean isAfter(Instant legacy, Instant nativeUpdated) {
        return legacy != null && nativeUpdated != null && legacy.isAfter(nativeUpdated);
    }

    // ---------------------------------------------------------------- writing

    public LegacyWriteResult write(SessionId id, Path profileDirectory, Duration ttl) {
        checkTtl(ttl);
        LegacyZipWriter.Written written = build(id, profileDirectory);
        Instant timestamp = now();
        store(id, written, timestamp, ttl);
        return result(id, written, timestamp, ttl);
    }

    LegacyZipWriter.Written build(SessionId id, Path profileDirectory) {
        return LegacyZipWriter.write(id, profileDirectory, options.compressionLevel());
    }

    private static void checkTtl(Duration ttl) {
        if (ttl != null && (ttl.isNegative() || ttl.toMillis() < 1000)) {
            throw new IllegalArgumentException("ttl must be at least 1 second, or null for no expiry; was " + ttl);
        }
    }

    void store(SessionId id, LegacyZipWriter.Written written, Instant timestamp, Duration ttl) {
        checkTtl(ttl);
        store.write(id, written.value(), LegacyMetadata.tsJson(timestamp), ttl);
        if (!written.skipped().isEmpty()) {
            LOG.info("Legacy session {} written without {}", id, written.skipped());
        }
    }

    LegacyWriteResult result(SessionId id, LegacyZipWriter.Written written, Instant timestamp, Duration ttl) {
        return new LegacyWriteResult(id, store.key(id), written.sha256(), timestamp, written.value().length, written.files(),
                written.directories(), written.symlinks(), written.bytes(), written.skipped(), ttl);
    }

    @Override
    public void close() {
        store.close();
    }
}
