package io.browserstate.core.internal;

import io.browserstate.api.LocalDiskException;
import io.browserstate.api.MountOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.Operation;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionNotFoundException;
import io.browserstate.core.tree.Trees;
import io.browserstate.spi.Head;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A mount: holds the lease (kept renewed by its {@link LeaseKeeper}) and the base snapshot for delta
 * saves; or, read-only, no lease and a snapshot it can move to the newest one.
 */
final class DefaultMountedSession implements MountedSession {
    private final SnapshotEngine engine;
    private final Listeners listeners;
    private final SessionId id;
    private final Path directory;
    private final Map<String, String> attributes = new HashMap<>();
    private final LeaseKeeper lease;
    private final boolean readOnly;
    private final String savedBy;
    private RestoreResult restored;
    private String browserVersion;
    private SnapshotEngine.Base base;
    private SaveResult lastSave;
    private boolean closed;
    /** Where a closed mount's directory is kept for the next mount, or {@code null} to delete it. */
    private final @Nullable LocalCopies keeper;

    DefaultMountedSession(SnapshotEngine engine, Listeners listeners, SessionId id, Path directory, LeaseKeeper lease, SnapshotEngine.Base base,
                          RestoreResult restored, MountOptions options, String savedBy, @Nullable LocalCopies keeper) {
        this.engine = engine;
        this.listeners = listeners;
        this.id = id;
        this.directory = directory;
        this.lease = lease;
        this.base = base;
        this.restored = restored;
        this.readOnly = options.readOnly();
        this.savedBy = savedBy;
        this.keeper = keeper;
        this.browserVersion = options.browserVersion();
        this.attributes.putAll(options.attributes());
    }

    @Override
    public SessionId id() {
        return id;
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public synchronized RestoreResult restored() {
        return restored;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public synchronized void browserVersion(String version) {
        this.browserVersion = version;
    }

    @Override
    public synchronized void attribute(String key, String value) {
        SealedHeads.checkAttributeNames(Map.of(key, value));
        attributes.put(key, value);
    }

    @Override
    public synchronized RestoreResult refresh() {
        checkOpen();
        if (!readOnly) {
            throw new IllegalStateException("Mount of " + id + " is writable: its directory may hold unsaved work, so refresh() is only"
                    + " for read-only mounts. Close it and mount again to see the newest version.");
        }
        Head head = engine.head(id);
        if (head == null) {
            throw new SessionNotFoundException(id);
        }
        if (head.version() == restored.version() && Objects.equals(head.manifestId(), restored.snapshotId())) {
            return restored;
        }
        Path fresh = directory.resolveSibling(directory.getFileName() + ".refresh-" + UUID.randomUUID().toString().substring(0, 8));
        // the profile in place is the previous version: every chunk the new one shares with it is read
        // from here (verified by its hash) instead of fetched
        RestoreResult next = engine.restoreNewest(id, head, fresh, Seed.readOnly(directory));
        try {
            Trees.delete(directory);
            Files.move(fresh, directory);
        } catch (IOException e) {
            throw new LocalDiskException("Refresh of " + id + " restored version " + next.version() + " into " + fresh
                    + " but could not move it to " + directory + ": " + e.getMessage(), fresh, e);
        }
        restored = new RestoreResult(id, next.version(), next.snapshotId(), directory, next.fileCount(), next.totalBytes(),
                next.bytesRead(), next.duration(), next.browserVersion(), next.bytesReused());
        return restored;
    }

    /** Refuses a publish on a closed or read-only mount, or one whose lease was lost. */
    private void checkWritable(String action, String readOnlyWhy) {
        checkOpen();
        if (readOnly) {
            throw new IllegalStateException("Mount of " + id + " is read-only: " + readOnlyWhy + ". Mount it without MountOptions.readOnly"
                    + " to publish changes.");
        }
        if (lease != null && lease.lost()) {
            throw new SessionConflictException(id, "Session " + id + " was not " + action + ": its lease was lost (another worker may have"
                    + " taken it). The local profile in " + directory + " was kept.");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Mount of " + id + " is closed");
        }
    }

    @Override
    public synchronized SaveResult save() {
        return listeners.run(Operation.SAVE, id, this::saveUnobserved, Listeners.Figures::saved);
    }

    private SaveResult saveUnobserved() {
        checkWritable("saved", "it never saves");
        SnapshotEngine.Saved saved = engine.save(id, directory, base, lease, new SaveOptions(browserVersion, attributes), savedBy);
        base = saved.base();
        lastSave = saved.result();
        return lastSave;
    }

    @Override
    public synchronized SaveResult checkpoint(Map<String, byte[]> files) {
        return listeners.run(Operation.CHECKPOINT, id, () -> checkpointUnobserved(files), Listeners.Figures::saved);
    }

    private SaveResult checkpointUnobserved(Map<String, byte[]> files) {
        checkWritable("checkpointed", "it publishes no checkpoints");
        SnapshotEngine.Saved saved = engine.checkpoint(id, base, Map.copyOf(files), lease, new SaveOptions(browserVersion, attributes),
                savedBy);
        base = saved.base();
        return saved.result();
    }

    @Override
    public synchronized Optional<SaveResult> lastSave() {
        return Optional.ofNullable(lastSave);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        listeners.run(Operation.CLOSE, id, () -> {
            closeUnobserved();
            return lastSave;
        }, saved -> saved == null ? Listeners.Figures.NONE : Listeners.Figures.saved(saved));
    }

    private void closeUnobserved() {
        if (readOnly) {
            closed = true;
            keepOrRemoveDirectory("was mounted read-only");
            return;
        }
        try {
            saveUnobserved();
        } catch (RuntimeException e) {
            closed = true;
            stop();
            throw e;
        }
        closed = true;
        stop();
        keepOrRemoveDirectory("was saved as version " + lastSave.version());
    }

    @Override
    public synchronized void discard() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        removeDirectory("was discarded");
    }

    /** Moves the directory to this machine's kept copy of the session when asked to, else removes it. */
    private void keepOrRemoveDirectory(String outcome) {
        if (keeper == null || !keeper.keep(id, directory)) {
            removeDirectory(outcome);
        }
    }

    /** The directory holds live cookies: a failure to remove it is the caller's to know, not a log line. */
    private void removeDirectory(String outcome) {
        try {
            Trees.delete(directory);
        } catch (IOException e) {
            throw new LocalDiskException("Session " + id + " " + outcome + ", but its mount directory " + directory
                    + " (which holds the profile's live cookies) could not be removed: " + e.getMessage() + ". Delete it.", directory, e);
        }
    }

    private void stop() {
        if (lease != null) {
            lease.close();
        }
    }

    /** What it is: session, directory, the version it was mounted at, and whether it is read-only, closed or has lost its lease. */
    @Override
    public synchronized String toString() {
        return "MountedSession[" + id + ", directory=" + directory + ", version=" + base.version() + (readOnly ? ", read-only" : "")
                + (lease != null && lease.lost() ? ", lease lost" : "") + (closed ? ", closed" : "") + "]";
    }
}
