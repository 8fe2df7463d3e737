package io.browserstate.legacy.internal;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.GarbageReport;
import io.browserstate.api.MigrationReport;
import io.browserstate.api.SnapshotDiff;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.api.MountOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionNotFoundException;
import io.browserstate.api.SessionPage;
import io.browserstate.api.StorageException;
import io.browserstate.legacy.LegacySessionInfo;
import io.browserstate.core.tree.Trees;
import io.browserstate.legacy.MigrationOptions;
import java.io.IOException;
import java.nio.file.Files;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A native manager that also serves sessions still stored in the legacy layout, for fleets where
 * TypeScript or Python workers keep writing them.
 *
 * <ul>
 *   <li>{@code mount} and {@code restore} first migrate the legacy value when the native session is
 *       missing, or when the legacy value was written after the native head and differs from the one
 *       the head records ({@code legacy.sha256});</li>
 *   <li>with write-back on, every save (a mount's checkpoint and close, and {@code save}) archives the
 *       directory as a legacy ZIP value, records its digest on the native snapshot, publishes the native
 *       snapshot and then writes the legacy keys. The native save always comes first and is never
 *       blocked by the legacy copy: a failed native save writes no legacy value (a mount's close runs
 *       once, also when it failed), and a legacy copy that cannot be built (a profile too large for one
 *       value, or one the legacy readers would refuse) or written is reported with
 *       {@link StorageException} after the native snapshot was saved;</li>
 *   <li>{@code exists}, {@code info} and {@code list} see both layouts; {@code delete} removes both.</li>
 * </ul>
 */
public final class MirroringManager implements BrowserStateManager {

    private final LegacyEngine engine;
    private final BrowserStateManager delegate;
    private final boolean writeBack;
    private final Duration ttl;

    public MirroringManager(LegacyEngine engine, BrowserStateManager delegate) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.writeBack = engine.options().writeBack();
        if (writeBack && delegate.encrypts()) {
            throw new io.browserstate.api.InvalidConfigurationException("writeBack is refused for a store that encrypts its saves: it would"
                    + " copy every encrypted profile into the legacy ZIP format in plain form, which the original TypeScript and Python"
                    + " readers read without a key. Turn writeBack off, or mirror from a manager without encryption.");
        }
        this.ttl = engine.options().writeBackTtl();
    }

    /** Brings the native session up to date with a newer legacy value, if there is one. */
    void importIfNewer(SessionId id) {
        Optional<SessionInfo> nativeInfo = delegate.info(id);
        if (nativeInfo.isPresent()) {
            String raw = engine.store().metadata(id);
            Instant legacyTime = raw == null ? null : LegacyMetadata.parse(raw).timestamp();
            Map<String, String> attributes = nativeInfo.get().attributes();
            if (legacyTime != null && (legacyTime.toString().equals(attributes.get(LegacyEngine.ATTR_TIMESTAMP))
                    || !legacyTime.isAfter(nativeInfo.get().updatedAt()))) {
                return;
            }
            if (raw == null && !engine.exists(id)) {
                return;
            }
        } else if (!engine.exists(id)) {
            return;
        }
        try {
            engine.migrate(id, delegate, MigrationOptions.defaults());
        } catch (SessionNotFoundException vanished) {
            // the legacy value expired or was deleted meanwhile (or only its metadata is left): nothing to import
        }
    }

    @Override
    public MountedSession mount(SessionId id, MountOptions options) {
        importIfNewer(id);
        MountedSession mounted = delegate.mount(id, options);
        return writeBack && !options.readOnly() ? new MirroredSession(mounted) : mounted;
    }

    @Override
    public SaveResult save(SessionId id, Path profileDirectory, SaveOptions options) {
        if (!writeBack) {
            return delegate.save(id, profileDirectory, options);
        }
        LegacyCopy copy = prepare(id, profileDirectory);
        Map<String, String> attributes = new HashMap<>(options.attributes());
        attributes.putAll(copy.attributes());
        SaveResult saved = delegate.save(id, profileDirectory, new SaveOptions(options.browserVersion(), attributes));
        publish(copy, saved.version());
        return saved;
    }

    @Override
    public RestoreResult restore(SessionId id, Path target) {
        importIfNewer(id);
        return delegate.restore(id, target);
    }

    @Override
    public RestoreResult restore(SessionId id, long version, Path target) {
        importIfNewer(id);
        return delegate.restore(id, version, target);
    }

    @Override
    public RestoreResult restore(SessionId id, Path target, @Nullable Path seed) {
        importIfNewer(id);
        return delegate.restore(id, target, seed);
    }

    @Override
    public SessionPage<SnapshotInfo> history(SessionId id, String cursor, int limit) {
        importIfNewer(id);
        return delegate.history(id, cursor, limit);
    }

    /** Rolls back natively; with write-back on, the legacy value then holds the rolled-back tree too. */
    @Override
    public SnapshotInfo rollback(SessionId id, long version) {
        SnapshotInfo current = delegate.rollback(id, version);
        mirrorCurrent(id, current.version());
        return current;
    }

    @Override
    public SnapshotDiff diff(SessionId id, long fromVersion, long toVersion) {
        return delegate.diff(id, fromVersion, toVersion);
    }

    @Override
    public SnapshotInfo fork(SessionId source, SessionId target) {
        importIfNewer(source);
        SnapshotInfo forked = delegate.fork(source, target);
        mirrorCurrent(target, forked.version());
        return forked;
    }

    @Override
    public SnapshotInfo fork(SessionId source, long version, SessionId target) {
        importIfNewer(source);
        SnapshotInfo forked = delegate.fork(source, version, target);
        mirrorCurrent(target, forked.version());
        return forked;
    }

    /**
     * With write-back on, writes the legacy value of a snapshot published without a save (a rollback or
     * a fork), from a restore of it into a private temporary directory.
     */
    private void mirrorCurrent(SessionId id, long version) {
        if (!writeBack) {
            return;
        }
        Path work;
        try {
            work = Files.createTempDirectory("browserstate-mirror-");
        } catch (IOException e) {
            throw new StorageException("Session " + id + ": version " + version + " is published natively, but its legacy copy could not"
                    + " be prepared (no temporary directory): " + e.getMessage(), e);
        }
        RuntimeException failure = null;
        try {
            Path tree = work.resolve("tree");
            delegate.restore(id, version, tree);
            publish(prepare(id, tree), version);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            try {
                Trees.delete(work);
            } catch (IOException e) {
                StorageException notRemoved = new StorageException("Session " + id + ": the temporary copy " + work
                        + " made for its legacy value could not be removed: " + e.getMessage(), e);
                if (failure == null) {
                    throw notRemoved;
                }
                failure.addSuppressed(notRemoved);
            }
        }
    }

    @Override
    public GarbageReport prune(SessionId id) {
        return delegate.prune(id);
    }

    @Override
    public GarbageReport collectGarbage(String userId) {
        return delegate.collectGarbage(userId);
    }

    @Override
    public MigrationReport migrateFormat(String userId) {
        return delegate.migrateFormat(userId);
    }

    @Override
    public io.browserstate.api.RekeyReport rekey(String userId) {
        return delegate.rekey(userId);
    }

    @Override
    public io.browserstate.api.RekeyReport rekey(SessionId id) {
        return delegate.rekey(id);
    }

    @Override
    public boolean encrypts() {
        return delegate.encrypts();
    }

    @Override
    public Optional<SessionInfo> info(SessionId id) {
        Optional<SessionInfo> nativeInfo = delegate.info(id);
        if (nativeInfo.isPresent()) {
            return nativeInfo;
        }
        return engine.info(id).map(MirroringManager::legacyOnly);
    }

    @Override
    public boolean exists(SessionId id) {
        return delegate.exists(id) || engine.exists(id);
    }

    /** Both layouts, merged by session id; the cursor is the last session id of the previous page. */
    @Override
    public SessionPage<SessionInfo> list(String userId, String cursor, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, was " + limit);
        }
        TreeMap<String, SessionInfo> all = new TreeMap<>();
        String next = null;
        do {
            SessionPage<SessionInfo> page = delegate.list(userId, next, 1000);
            for (SessionInfo info : page.items()) {
                all.put(info.id().sessionId(), info);
            }
            next = page.nextCursor();
        } while (next != null);
        for (SessionId id : engine.list(userId)) {
            if (!all.containsKey(id.sessionId())) {
                engine.info(id).ifPresent(info -> all.put(id.sessionId(), legacyOnly(info)));
            }
        }
        List<SessionInfo> items = new ArrayList<>(limit);
        Map<String, SessionInfo> tail = cursor == null ? all : all.tailMap(cursor, false);
        for (SessionInfo info : tail.values()) {
            if (items.size() == limit) {
                return new SessionPage<>(items, items.get(items.size() - 1).id().sessionId());
            }
            items.add(info);
        }
        return new SessionPage<>(items, null);
    }

    @Override
    public boolean delete(SessionId id) {
        boolean nativeDeleted = delegate.delete(id);
        boolean legacyDeleted = engine.delete(id);
        return nativeDeleted || legacyDeleted;
    }

    /** Closes the native manager; the legacy connection belongs to its {@code LegacySessions}. */
    @Override
    public SessionPage<String> listUsers(@Nullable String cursor, int limit) {
        return delegate.listUsers(cursor, limit);
    }

    /** Listeners hear the native manager's operations; the mirror's legacy writes are not operations of their own. */
    @Override
    public io.browserstate.api.BrowserStateListener.Registration addListener(io.browserstate.api.BrowserStateListener listener) {
        return delegate.addListener(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static SessionInfo legacyOnly(LegacySessionInfo info) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(LegacyEngine.ATTR_FORMAT, info.format().id());
        attributes.put("legacy.key", info.key());
        if (info.timestamp() != null) {
            attributes.put(LegacyEngine.ATTR_TIMESTAMP, info.timestamp().toString());
        }
        attributes.put("legacy.valueBytes", Long.toString(info.valueBytes()));
        return new SessionInfo(info.id(), 0, null, info.timestamp(), info.timestamp(), null, 0, 0, null, attributes);
    }

    /**
     * Archives the directory for the legacy layout before the native save (a mount's directory is gone
     * after its close). Never throws: a profile the legacy format cannot carry (too large, or a shape
     * the legacy readers refuse) must not stop the native save; the failure is reported by
     * {@link LegacyCopy#publish} once the native snapshot is saved.
     */
    private LegacyCopy prepare(SessionId id, Path directory) {
        Instant timestamp = engine.now();
        try {
            return new LegacyCopy(id, engine.build(id, directory), timestamp, null);
        } catch (RuntimeException e) {
            return new LegacyCopy(id, null, timestamp, e);
        } catch (OutOfMemoryError e) {
            // the archive is built in memory (up to 384 MiB); its buffer is garbage again once this returns
            return new LegacyCopy(id, null, timestamp, new StorageException(
                    "the legacy copy needs more heap than is available to build it in memory", e));
        }
    }

    /**
     * The legacy write-back of one save: built (or failed to build) before the native save, published after it.
     *
     * @param written the archive, or {@code null} when it could not be built
     * @param failure why it could not be built, or {@code null}
     */
    private record LegacyCopy(SessionId id, LegacyZipWriter.Written written, Instant timestamp, RuntimeException failure) {

        /** What the native snapshot records about its legacy copy; nothing when there will be none. */
        Map<String, String> attributes() {
            if (written == null) {
                return Map.of();
            }
            return Map.of(LegacyEngine.ATTR_SHA256, written.sha256(), LegacyEngine.ATTR_TIMESTAMP, timestamp.toString(),
                    LegacyEngine.ATTR_FORMAT, "zip-v2");
        }
    }

    /**
     * Writes the legacy keys after the native save returned normally.
     *
     * @throws StorageException when the copy could not be built or written: the native snapshot is saved
     *     (as {@code nativeVersion}), the legacy copy is not, and legacy readers still see the previous value
     */
    private void publish(LegacyCopy copy, long nativeVersion) {
        RuntimeException failure = copy.failure();
        if (failure == null) {
            try {
                engine.store(copy.id(), copy.written(), copy.timestamp(), ttl);
                return;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        throw new StorageException("Session " + copy.id() + ": the native snapshot is saved (version " + nativeVersion
                + "), but the legacy copy is not (legacy readers still see the previous value): " + failure.getMessage(), failure);
    }

    /** A mount whose checkpoints and close also write the legacy value. */
    private final class MirroredSession implements MountedSession {
        private final MountedSession mounted;
        private boolean closed;

        MirroredSession(MountedSession mounted) {
            this.mounted = mounted;
        }

        @Override
        public SessionId id() {
            return mounted.id();
        }

        @Override
        public Path directory() {
            return mounted.directory();
        }

        @Override
        public RestoreResult restored() {
            return mounted.restored();
        }

        @Override
        public boolean readOnly() {
            return false;
        }

        @Override
        public RestoreResult refresh() {
            return mounted.refresh();
        }

        @Override
        public void browserVersion(String version) {
            mounted.browserVersion(version);
        }

        @Override
        public void attribute(String key, String value) {
            mounted.attribute(key, value);
        }

        @Override
        public synchronized SaveResult save() {
            LegacyCopy copy = prepare(id(), directory());
            copy.attributes().forEach(mounted::attribute);
            SaveResult saved = mounted.save();
            publish(copy, saved.version());
            return saved;
        }

        @Override
        public SaveResult checkpoint(Map<String, byte[]> files) {
            // a checkpoint is not written back: the legacy format has no layer for it, and the next save writes the profile
            return mounted.checkpoint(files);
        }

        @Override
        public Optional<SaveResult> lastSave() {
            return mounted.lastSave();
        }

        /**
         * Saves natively and closes the mount, then writes the legacy copy. Runs once: after a failed native
         * save nothing is written to the legacy keys, now or on a later call.
         */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            LegacyCopy copy;
            try {
                copy = prepare(id(), directory());
                copy.attributes().forEach(mounted::attribute);
                mounted.close();
            } finally {
                closed = true;
            }
            publish(copy, mounted.lastSave().map(SaveResult::version).orElse(0L));
        }

        @Override
        public synchronized void discard() {
            closed = true;
            mounted.discard();
        }
    }
}
