package io.browserstate.core.internal;

import io.browserstate.api.MountOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveFailedException;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.spi.Lease;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A mount: holds the lease (renewed in the background) and the base snapshot for delta saves. */
final class DefaultMountedSession implements MountedSession {
    private static final System.Logger LOG = System.getLogger(DefaultMountedSession.class.getName());

    private final DefaultBrowserStateManager manager;
    private final SessionId id;
    private final Path directory;
    private final RestoreResult restored;
    private final Map<String, String> attributes = new HashMap<>();
    private final ScheduledFuture<?> renewal;
    private volatile Lease lease;
    private volatile boolean leaseLost;
    private String browserVersion;
    private SnapshotEngine.Base base;
    private SaveResult lastSave;
    private boolean closed;

    DefaultMountedSession(DefaultBrowserStateManager manager, SessionId id, Path directory, Lease lease, SnapshotEngine.Base base,
                          RestoreResult restored, MountOptions options) {
        this.manager = manager;
        this.id = id;
        this.directory = directory;
        this.lease = lease;
        this.base = base;
        this.restored = restored;
        this.browserVersion = options.browserVersion();
        this.attributes.putAll(options.attributes());
        if (lease != null) {
            long period = Math.max(250, manager.options().leaseTtl().toMillis() / 3);
            this.renewal = manager.renewals().scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
        } else {
            this.renewal = null;
        }
    }

    private void renew() {
        Lease current = lease;
        if (current == null || leaseLost) {
            return;
        }
        try {
            Optional<Lease> renewed = manager.provider().renewLease(current, manager.options().leaseTtl());
            if (renewed.isPresent()) {
                lease = renewed.get();
            } else {
                leaseLost = true;
                LOG.log(System.Logger.Level.WARNING, "Lost the lease of " + id + "; the next save will be refused");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not renew the lease of " + id + "; retrying", e);
        }
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
    public RestoreResult restored() {
        return restored;
    }

    @Override
    public synchronized void browserVersion(String version) {
        this.browserVersion = version;
    }

    @Override
    public synchronized void attribute(String key, String value) {
        attributes.put(key, value);
    }

    @Override
    public synchronized SaveResult save() {
        if (closed) {
            throw new IllegalStateException("Mount of " + id + " is closed");
        }
        if (leaseLost) {
            throw new SessionConflictException(id, "Session " + id + " was not saved: its lease was lost (another worker may have taken it)."
                    + " The local profile in " + directory + " was kept.");
        }
        try {
            SnapshotEngine.Saved saved = manager.engine().save(id, directory, base, lease, new SaveOptions(browserVersion, attributes));
            base = saved.base();
            lastSave = saved.result();
            return lastSave;
        } catch (SessionConflictException | SaveFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SaveFailedException(id, directory, e);
        }
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
        try {
            save();
        } catch (RuntimeException e) {
            closed = true;
            stop();
            throw e;
        }
        closed = true;
        stop();
        SnapshotEngine.deleteTree(directory);
    }

    @Override
    public synchronized void discard() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        SnapshotEngine.deleteTree(directory);
    }

    private void stop() {
        if (renewal != null) {
            renewal.cancel(false);
        }
        manager.release(lease);
    }
}
