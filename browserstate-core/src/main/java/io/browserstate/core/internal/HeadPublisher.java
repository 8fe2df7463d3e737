package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.StorageProvider;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Publishes a stored manifest as the session's next head: retention (which older manifests stay in
 * the history), the next head's fields, the one compare-and-set, and the check for a reply that was
 * lost although the head moved.
 */
final class HeadPublisher {
    private final StorageProvider provider;
    private final BrowserStateOptions options;

    HeadPublisher(StorageProvider provider, BrowserStateOptions options) {
        this.provider = provider;
        this.options = options;
    }

    /**
     * Moves the head from {@code base} to the manifest {@code manifestId}.
     *
     * @throws SessionConflictException when another writer published first or the lease was lost
     */
    Head publish(SessionId id, Path dir, SnapshotEngine.Base base, String manifestId, long totalBytes, long fileCount, Instant now,
            LeaseKeeper lease, SaveOptions saveOptions) {
        Head previous = base.head();
        List<String> history = new ArrayList<>();
        if (previous != null) {
            LinkedHashSet<String> h = new LinkedHashSet<>();
            h.add(previous.manifestId());
            h.addAll(previous.history());
            h.remove(manifestId);
            for (String m : h) {
                if (history.size() >= options.keepSnapshots() - 1) {
                    break;
                }
                history.add(m);
            }
        }
        Map<String, String> attributes = new HashMap<>(previous == null ? Map.of() : previous.attributes());
        attributes.putAll(saveOptions.attributes());
        String browser = saveOptions.browserVersion() != null ? saveOptions.browserVersion()
                : previous == null ? null : previous.browserVersion();
        Head next = new Head(base.version() + 1, manifestId, history, previous == null ? now : previous.createdAt(), now, now,
                totalBytes, fileCount, browser, attributes);
        HeadUpdate update = provider.compareAndSetHead(id, base.version(), next, lease == null ? null : lease.lease());
        if (!update.published() && !isPublished(id, next)) {
            throw new SessionConflictException(id, "Session " + id + " was not saved: " + (update == HeadUpdate.LEASE_LOST
                    ? "its lease was lost (it lapsed, or another worker took it over)"
                    : "another writer published a version after " + base.version() + " first")
                    + ". The previous snapshot stays current; the local profile in " + dir + " was kept.");
        }
        return next;
    }

    /**
     * Whether {@code next} is the current head after all: a client that resends a command after a lost
     * connection can report a compare-and-set as failed although its first attempt succeeded.
     */
    private boolean isPublished(SessionId id, Head next) {
        return provider.readHead(id).filter(h -> h.version() == next.version() && h.manifestId().equals(next.manifestId())
                && h.updatedAt().equals(next.updatedAt())).isPresent();
    }
}
