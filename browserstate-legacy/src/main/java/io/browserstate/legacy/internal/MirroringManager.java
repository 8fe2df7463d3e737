package io.browserstate.legacy.internal;

import io.browserstate.api.BrowserStateManager;
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
import io.browserstate.legacy.MigrationOptions;

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
 *       snapshot and then writes the legacy keys; a failed native save writes no legacy value;</li>
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
        return writeBack ? new MirroredSession(mounted) : mounted;
    }

    @Override
    public SaveResult save(SessionId id, Path profileDirectory, SaveOptions options) {
        if (!writeBack) {
            return delegate.save(id, profileDirectory, options);
        }
        LegacyZipWriter.Written written = engine.build(id, profileDirectory);
        Instant timestamp = engine.now();
        Map<String, String> attributes = new HashMap<>(options.attributes());
        attributes.putAll(legacyAttributes(written, timestamp));
        SaveResult saved = delegate.save(id, profileDirectory, new SaveOptions(options.browserVersion(), attributes));
        writeLegacy(id, written, timestamp, saved.version());
        return saved;
    }

    @Override
    public RestoreResult restore(SessionId id, Path target) {
        importIfNewer(id);
        return delegate.restore(id, target);
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

    private static Map<String, String> legacyAttributes(LegacyZipWriter.Written written, Instant timestamp) {
        return Map.of(LegacyEngine.ATTR_SHA256, written.sha256(), LegacyEngine.ATTR_TIMESTAMP, timestamp.toString(),
                LegacyEngine.ATTR_FORMAT, "zip-v2");
    }

    private void writeLegacy(SessionId id, LegacyZipWriter.Written written, Instant timestamp, long nativeVersion) {
        try {
            engine.store(id, written, timestamp, ttl);
        } catch (RuntimeException e) {
            throw new StorageException("Session " + id + ": saved natively as version " + nativeVersion
                    + ", but writing the legacy copy failed (legacy readers still see the previous value): " + e.getMessage(), e);
        }
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
        public void browserVersion(String version) {
            mounted.browserVersion(version);
        }

        @Override
        public void attribute(String key, String value) {
            mounted.attribute(key, value);
        }

        @Override
        public synchronized SaveResult save() {
            LegacyZipWriter.Written written = engine.build(id(), directory());
            Instant timestamp = engine.now();
            legacyAttributes(written, timestamp).forEach(mounted::attribute);
            SaveResult saved = mounted.save();
            writeLegacy(id(), written, timestamp, saved.version());
            return saved;
        }

        @Override
        public Optional<SaveResult> lastSave() {
            return mounted.lastSave();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            LegacyZipWriter.Written written;
            try {
                written = engine.build(id(), directory());
            } catch (RuntimeException e) {
                mounted.close();
                closed = true;
                throw new StorageException("Session " + id() + ": saved natively, but the legacy copy could not be built: "
                        + e.getMessage(), e);
            }
            Instant timestamp = engine.now();
            legacyAttributes(written, timestamp).forEach(mounted::attribute);
            mounted.close();
            closed = true;
            writeLegacy(id(), written, timestamp, mounted.lastSave().map(SaveResult::version).orElse(0L));
        }

        @Override
        public synchronized void discard() {
            closed = true;
            mounted.discard();
        }
    }
}
