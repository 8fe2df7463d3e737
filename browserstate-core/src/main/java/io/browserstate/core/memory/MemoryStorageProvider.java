package io.browserstate.core.memory;

import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionPage;
import io.browserstate.api.StorageException;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobIds;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.SessionHead;
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
 * of a backend (the engine does the rest). A blob's claim time is the system clock's. Blobs are copied in and out, so callers never share arrays
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
        final Map<BlobSpace, Map<String, Stored>> blobs = new HashMap<>();
        final Map<SessionId, Head> heads = new HashMap<>();
        final Map<SessionId, Lease> leases = new HashMap<>();
        final Map<SessionId, Long> fences = new HashMap<>();
    }

    /** A blob's bytes and the time of its last claim. */
    private record Stored(byte[] data, Instant claimedAt) {
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
    public Instant time() {
        return Instant.now();
    }

    @Override
    public Set<String> claimBlobs(BlobSpace space, Collection<String> ids) {
        space.requireWritable();
        synchronized (store) {
            open();
            Instant now = time();
            Map<String, Stored> held = store.blobs.getOrDefault(space, Map.of());
            Set<String> missing = new HashSet<>();
            for (String id : ids) {
                Stored b = held.get(BlobIds.check(id));
                if (b == null) {
                    missing.add(id);
                } else {
                    held.put(id, new Stored(b.data(), now));
                }
            }
            return missing;
        }
    }


    @Override
    public void putBlobs(BlobSpace space, List<Blob> blobs) {
        space.requireWritable();
        for (Blob b : blobs) {
            if (b.data().length > MAX_BLOB_BYTES) {
                throw new IllegalArgumentException("Blob " + b.id() + " for " + space + " is " + b.data().length
                        + " bytes; the memory store takes at most " + MAX_BLOB_BYTES);
            }
        }
        synchronized (store) {
            open();
            Instant now = time();
            Map<String, Stored> held = store.blobs.computeIfAbsent(space, s -> new HashMap<>());
            for (Blob b : blobs) {
                held.put(b.id(), new Stored(b.data().clone(), now));
            }
        }
    }

    @Override
    public List<byte @Nullable []> getBlobs(BlobSpace space, List<String> ids) {
        synchronized (store) {
            open();
            Map<String, Stored> held = store.blobs.getOrDefault(space, Map.of());
            List<byte @Nullable []> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                Stored b = held.get(BlobIds.check(id));
                out.add(b == null ? null : b.data().clone());
            }
            return out;
        }
    }

    @Override
    public Map<String, Long> blobSizes(BlobSpace space, java.util.Collection<String> ids) {
        synchronized (store) {
            open();
            Map<String, Stored> held = store.blobs.getOrDefault(space, Map.of());
            Map<String, Long> out = new HashMap<>();
            for (String id : ids) {
                Stored b = held.get(id);
                if (b != null) {
                    out.put(id, (long) b.data().length);
                }
            }
            return out;
        }
    }

    @Override
    public Map<String, Instant> listBlobs(BlobSpace space) {
        synchronized (store) {
            open();
            Map<String, Instant> out = new HashMap<>();
            store.blobs.getOrDefault(space, Map.of()).forEach((id, b) -> out.put(id, b.claimedAt()));
            return out;
        }
    }

    @Override
    public long deleteBlobs(BlobSpace space, Collection<String> ids, Instant claimedBefore) {
        synchronized (store) {
            open();
            Map<String, Stored> held = store.blobs.get(space);
            if (held == null) {
                return 0;
            }
            long deleted = 0;
            for (String id : ids) {
                Stored b = held.get(id);
                if (b != null && (!space.isShared() || b.claimedAt().isBefore(claimedBefore))) {
                    held.remove(id);
                    deleted++;
                }
            }
            return deleted;
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
    public HeadUpdate compareAndSetHead(SessionId session, long expectedVersion, Head next, @Nullable Lease lease,
            @Nullable Instant publishBy) {
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
            if (publishBy != null && time().isAfter(publishBy)) {
                return HeadUpdate.DEADLINE_PASSED;
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
            if (held != null && held.expiresAt().isAfter(now) && !held.owner().equals(owner)) {
                return Optional.empty();
            }
            long token = store.fences.merge(session, Math.max(1, System.currentTimeMillis() * 1000), (old, floor) -> old + 1);
            Lease lease = new Lease(session, owner, token, now.plus(ttl));
            store.leases.put(session, lease);
            return Optional.of(lease);
        }
    }

    @Override
    public Optional<Lease> readLease(SessionId session) {
        synchronized (store) {
            open();
            Lease held = store.leases.get(session);
            return held != null && held.expiresAt().isAfter(Instant.now()) ? Optional.of(held) : Optional.empty();
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
    public SessionPage<SessionHead> listSessions(String userId, @Nullable String cursor, int limit) {
        SessionId.validate("userId", userId);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        synchronized (store) {
            open();
            TreeMap<String, SessionHead> mine = new TreeMap<>();
            store.heads.forEach((id, head) -> {
                if (id.userId().equals(userId) && (cursor == null || id.sessionId().compareTo(cursor) > 0)) {
                    mine.put(id.sessionId(), new SessionHead(id, head));
                }
            });
            List<SessionHead> page = new ArrayList<>(mine.values()).subList(0, Math.min(limit, mine.size()));
            return new SessionPage<>(List.copyOf(page), mine.size() > limit ? page.get(limit - 1).id().sessionId() : null);
        }
    }

    @Override
    public SessionPage<String> listUsers(@Nullable String cursor, int limit) {
        synchronized (store) {
            open();
            java.util.TreeSet<String> users = new java.util.TreeSet<>();
            store.heads.keySet().forEach(id -> users.add(id.userId()));
            return SessionPage.ofSorted(users, cursor, limit);
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
            store.blobs.remove(BlobSpace.ofSession(session));
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
