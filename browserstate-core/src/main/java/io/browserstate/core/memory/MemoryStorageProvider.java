package io.browserstate.core.memory;

import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionPage;
import io.browserstate.api.StorageException;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobIds;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.Lease;
import io.browserstate.spi.ProviderCapabilities;
import io.browserstate.spi.StorageProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Sessions in memory: every call is one atomic step under the store's lock, which is all the SPI asks
 * of a backend (the engine does the rest). Blobs are copied in and out, so callers never share arrays
 * with the store.
 *
 * @since 0.2
 */
public final class MemoryStorageProvider implements StorageProvider {
    /** Largest blob accepted, as on the file store. */
    public static final long MAX_BLOB_BYTES = 64L * 1024 * 1024;
    private static final Map<String, Store> STORES = new ConcurrentHashMap<>();

    /** One named store: every session, and the fence of every session ever leased (kept across deletes). */
    private static final class Store {
        final Map<SessionId, Map<String, byte[]>> blobs = new HashMap<>();
        final Map<SessionId, Head> heads = new HashMap<>();
        final Map<SessionId, Lease> leases = new HashMap<>();
        final Map<SessionId, Long> fences = new HashMap<>();
    }

    private final String name;
    private final Store store;
    private volatile boolean closed;

    private MemoryStorageProvider(String name, Store store) {
        this.name = name;
        this.store = store;
    }

    /**
     * A provider on the store named {@code name}, created empty when new.
     *
     * @param name the store's name; providers opened with the same name share its content
     * @return a new provider on that store
     */
    public static MemoryStorageProvider open(String name) {
        return new MemoryStorageProvider(name, STORES.computeIfAbsent(name, n -> new Store()));
    }

    /**
     * Forgets everything in the store named {@code name}.
     *
     * @param name the store's name
     */
    public static void clear(String name) {
        STORES.remove(name);
    }

    @Override
    public ProviderCapabilities capabilities() {
        return ProviderCapabilities.builder().leases(true).maxBlobBytes(MAX_BLOB_BYTES).build();
    }

    @Override
    public String describe() {
        return "memory:" + name;
    }

    private void open() {
        if (closed) {
            throw new StorageException("memory:" + name + ": the provider is closed");
        }
    }

    @Override
    public Set<String> missingBlobs(SessionId session, Collection<String> ids) {
        synchronized (store) {
            open();
            Map<String, byte[]> held = store.blobs.getOrDefault(session, Map.of());
            Set<String> missing = new HashSet<>();
            for (String id : ids) {
                if (!held.containsKey(BlobIds.check(id))) {
                    missing.add(id);
                }
            }
            return missing;
        }
    }

    @Override
    public void putBlobs(SessionId session, List<Blob> blobs) {
        for (Blob b : blobs) {
            if (b.data().length > MAX_BLOB_BYTES) {
                throw new IllegalArgumentException("Blob " + b.id() + " of session " + session + " is " + b.data().length
                        + " bytes; the memory store takes at most " + MAX_BLOB_BYTES);
            }
        }
        synchronized (store) {
            open();
            Map<String, byte[]> held = store.blobs.computeIfAbsent(session, s -> new HashMap<>());
            for (Blob b : blobs) {
                held.put(b.id(), b.data().clone());
            }
        }
    }

    @Override
    public List<byte @Nullable []> getBlobs(SessionId session, List<String> ids) {
        synchronized (store) {
            open();
            Map<String, byte[]> held = store.blobs.getOrDefault(session, Map.of());
            List<byte @Nullable []> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                byte[] b = held.get(BlobIds.check(id));
                out.add(b == null ? null : b.clone());
            }
            return out;
        }
    }

    @Override
    public Set<String> listBlobs(SessionId session) {
        synchronized (store) {
            open();
            return new HashSet<>(store.blobs.getOrDefault(session, Map.of()).keySet());
        }
    }

    @Override
    public boolean deleteBlobs(SessionId session, Collection<String> ids, Lease lease) {
        Objects.requireNonNull(lease, "lease");
        synchronized (store) {
            open();
            if (!isCurrent(session, lease)) {
                return false;
            }
            Map<String, byte[]> held = store.blobs.get(session);
            if (held != null) {
                ids.forEach(held::remove);
            }
            return true;
        }
    }

    @Override
    public Optional<Head> readHead(SessionId session) {
        synchronized (store) {
            open();
            return Optional.ofNullable(store.heads.get(session));
        }
    }

    @Override
    public HeadUpdate compareAndSetHead(SessionId session, long expectedVersion, Head next, @Nullable Lease lease) {
        Objects.requireNonNull(next, "next");
        synchronized (store) {
            open();
            Head current = store.heads.get(session);
            if ((current == null ? 0 : current.version()) != expectedVersion) {
                return HeadUpdate.VERSION_MOVED;
            }
            if (lease != null && !isCurrent(session, lease)) {
                return HeadUpdate.LEASE_LOST;
            }
            store.heads.put(session, next);
            return HeadUpdate.PUBLISHED;
        }
    }

    @Override
    public void touch(SessionId session, Instant accessedAt) {
        synchronized (store) {
            open();
            store.heads.computeIfPresent(session, (s, h) -> h.withAccessedAt(accessedAt));
        }
    }

    @Override
    public Optional<Lease> tryAcquireLease(SessionId session, String owner, Duration ttl) {
        if (owner == null || owner.isEmpty() || ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("A lease needs an owner and a TTL of at least 1 ms");
        }
        synchronized (store) {
            open();
            Lease held = store.leases.get(session);
            Instant now = Instant.now();
            if (held != null && held.expiresAt().isAfter(now)) {
                return Optional.empty();
            }
            long token = store.fences.merge(session, Math.max(1, System.currentTimeMillis() * 1000), (old, floor) -> old + 1);
            Lease lease = new Lease(session, owner, token, now.plus(ttl));
            store.leases.put(session, lease);
            return Optional.of(lease);
        }
    }

    @Override
    public Optional<Lease> renewLease(Lease lease, Duration ttl) {
        synchronized (store) {
            open();
            if (!isHeld(lease.sessionId(), lease)) {
                return Optional.empty();
            }
            Lease renewed = new Lease(lease.sessionId(), lease.owner(), lease.token(), Instant.now().plus(ttl));
            store.leases.put(lease.sessionId(), renewed);
            return Optional.of(renewed);
        }
    }

    @Override
    public void releaseLease(Lease lease) {
        synchronized (store) {
            open();
            if (isHeld(lease.sessionId(), lease)) {
                store.leases.remove(lease.sessionId());
            }
        }
    }

    @Override
    public SessionPage<SessionInfo> listSessions(String userId, @Nullable String cursor, int limit) {
        SessionId.validate("userId", userId);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        synchronized (store) {
            open();
            TreeMap<String, SessionInfo> mine = new TreeMap<>();
            store.heads.forEach((id, head) -> {
                if (id.userId().equals(userId) && (cursor == null || id.sessionId().compareTo(cursor) > 0)) {
                    mine.put(id.sessionId(), head.toInfo(id));
                }
            });
            List<SessionInfo> page = new ArrayList<>(mine.values()).subList(0, Math.min(limit, mine.size()));
            return new SessionPage<>(List.copyOf(page), mine.size() > limit ? page.get(limit - 1).id().sessionId() : null);
        }
    }

    @Override
    public boolean deleteSession(SessionId session, @Nullable Lease lease) {
        synchronized (store) {
            open();
            if (lease != null && !isCurrent(session, lease)) {
                throw new SessionConflictException(session, "Session " + session + " was not deleted: the lease used is no longer current"
                        + " (another worker took it over, or it lapsed)");
            }
            store.blobs.remove(session);
            store.leases.remove(session);
            return store.heads.remove(session) != null;
        }
    }

    private boolean isHeld(SessionId session, Lease lease) {
        Lease held = store.leases.get(session);
        return held != null && held.owner().equals(lease.owner()) && held.token() == lease.token();
    }

    private boolean isCurrent(SessionId session, Lease lease) {
        Lease held = store.leases.get(session);
        return held != null && isHeld(session, lease) && held.expiresAt().isAfter(Instant.now());
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "MemoryStorageProvider[" + name + "]";
    }
}
