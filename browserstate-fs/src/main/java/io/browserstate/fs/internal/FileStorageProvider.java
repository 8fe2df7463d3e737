package io.browserstate.fs.internal;

import io.browserstate.api.SessionId;
import io.browserstate.api.SessionPage;
import io.browserstate.api.StorageException;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobIds;
import io.browserstate.spi.Head;
import io.browserstate.spi.Lease;
import io.browserstate.spi.ProviderCapabilities;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageStats;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Layout under the root: {@code sessions/<user>/<session>/} holds {@code head.properties},
 * {@code lease.properties}, {@code fence}, {@code .lock} and {@code blobs/<2 hex>/<id>}. Every write
 * goes to a temporary file first and is renamed into place; the head, lease and fence change only
 * under an exclusive lock on {@code .lock}.
 */
public final class FileStorageProvider implements StorageProvider {
    private static final long LOCK_TIMEOUT_MS = 30_000;

    private final Path root;
    private final Path sessions;
    private final boolean durable;
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong blobsWritten = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong blobsRead = new AtomicLong();

    public FileStorageProvider(Path root, boolean durable) {
        this.root = root;
        this.sessions = root.resolve("sessions");
        this.durable = durable;
        try {
            Files.createDirectories(sessions);
        } catch (IOException e) {
            throw new StorageException("Cannot create the store directory " + sessions + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(false, true, true, 64L * 1024 * 1024, 4 * 1024 * 1024);
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }

    private Path sessionDir(SessionId id) {
        return sessions.resolve(id.userId()).resolve(id.sessionId());
    }

    private Path blobPath(SessionId id, String blobId) {
        BlobIds.check(blobId);
        return sessionDir(id).resolve("blobs").resolve(blobId.substring(0, 2)).resolve(blobId);
    }

    private StorageException failure(String what, SessionId id, IOException e) {
        return new StorageException("File store " + root + ": " + what + " of " + id + " failed: " + e, e);
    }

    // ----------------------------------------------------------------------------------------- blobs

    @Override
    public Set<String> missingBlobs(SessionId session, Collection<String> ids) {
        Set<String> missing = new HashSet<>();
        for (String id : ids) {
            if (!Files.exists(blobPath(session, id))) {
                missing.add(id);
            }
        }
        return missing;
    }

    @Override
    public void putBlobs(SessionId session, List<Blob> blobs) {
        try {
            for (Blob b : blobs) {
                Path target = blobPath(session, b.id());
                Files.createDirectories(target.getParent());
                writeAtomically(target, b.data());
                bytesWritten.addAndGet(b.data().length);
                blobsWritten.incrementAndGet();
            }
        } catch (IOException e) {
            throw failure("writing blobs", session, e);
        }
    }

    @Override
    public List<byte[]> getBlobs(SessionId session, List<String> ids) {
        List<byte[]> out = new ArrayList<>(ids.size());
        try {
            for (String id : ids) {
                try {
                    byte[] data = Files.readAllBytes(blobPath(session, id));
                    bytesRead.addAndGet(data.length);
                    blobsRead.incrementAndGet();
                    out.add(data);
                } catch (NoSuchFileException e) {
                    out.add(null);
                }
            }
        } catch (IOException e) {
            throw failure("reading blobs", session, e);
        }
        return out;
    }

    @Override
    public Set<String> listBlobs(SessionId session) {
        Path dir = sessionDir(session).resolve("blobs");
        Set<String> ids = new HashSet<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (BlobIds.isValid(name)) {
                        ids.add(name);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw failure("listing blobs", session, e);
        }
        return ids;
    }

    @Override
    public void deleteBlobs(SessionId session, Collection<String> ids) {
        try {
            for (String id : ids) {
                Files.deleteIfExists(blobPath(session, id));
            }
        } catch (IOException e) {
            throw failure("deleting blobs", session, e);
        }
    }

    // ------------------------------------------------------------------------------------------ head

    @Override
    public Optional<Head> readHead(SessionId session) {
        try {
            return Optional.ofNullable(readProperties(sessionDir(session).resolve("head.properties"))).map(HeadCodec::decode);
        } catch (IOException | RuntimeException e) {
            throw new StorageException("File store " + root + ": reading the head of " + session + " failed: " + e, e);
        }
    }

    @Override
    public boolean compareAndSetHead(SessionId session, long expectedVersion, Head next, Lease lease) {
        return locked(session, "publishing the head", dir -> {
            Properties current = readProperties(dir.resolve("head.properties"));
            long version = current == null ? 0 : HeadCodec.decode(current).version();
            if (version != expectedVersion) {
                return false;
            }
            if (lease != null && !leaseIsCurrent(dir, lease)) {
                return false;
            }
            writeProperties(dir.resolve("head.properties"), HeadCodec.encode(next));
            return true;
        });
    }

    @Override
    public void touch(SessionId session, Instant accessedAt) {
        locked(session, "recording an access", dir -> {
            Properties current = readProperties(dir.resolve("head.properties"));
            if (current != null) {
                writeProperties(dir.resolve("head.properties"), HeadCodec.encode(HeadCodec.decode(current).withAccessedAt(accessedAt)));
            }
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------- leases

    @Override
    public Optional<Lease> tryAcquireLease(SessionId session, String owner, Duration ttl) {
        return locked(session, "acquiring the lease", dir -> {
            Properties held = readProperties(dir.resolve("lease.properties"));
            Instant now = Instant.now();
            if (held != null && Instant.ofEpochMilli(Long.parseLong(held.getProperty("expiresAt"))).isAfter(now)) {
                return Optional.<Lease>empty();
            }
            Path fence = dir.resolve("fence");
            long token = (Files.exists(fence) ? Long.parseLong(Files.readString(fence).trim()) : 0) + 1;
            writeAtomically(fence, Long.toString(token).getBytes(StandardCharsets.US_ASCII));
            Lease lease = new Lease(session, owner, token, now.plus(ttl));
            writeProperties(dir.resolve("lease.properties"), leaseProps(lease));
            return Optional.of(lease);
        });
    }

    @Override
    public Optional<Lease> renewLease(Lease lease, Duration ttl) {
        return locked(lease.sessionId(), "renewing the lease", dir -> {
            if (!leaseIsHeld(dir, lease)) {
                return Optional.<Lease>empty();
            }
            Lease renewed = new Lease(lease.sessionId(), lease.owner(), lease.token(), Instant.now().plus(ttl));
            writeProperties(dir.resolve("lease.properties"), leaseProps(renewed));
            return Optional.of(renewed);
        });
    }

    @Override
    public void releaseLease(Lease lease) {
        locked(lease.sessionId(), "releasing the lease", dir -> {
            if (leaseIsHeld(dir, lease)) {
                Files.deleteIfExists(dir.resolve("lease.properties"));
            }
            return null;
        });
    }

    private static Properties leaseProps(Lease lease) {
        Properties p = new Properties();
        p.setProperty("owner", lease.owner());
        p.setProperty("token", Long.toString(lease.token()));
        p.setProperty("expiresAt", Long.toString(lease.expiresAt().toEpochMilli()));
        return p;
    }

    private boolean leaseIsHeld(Path dir, Lease lease) throws IOException {
        Properties held = readProperties(dir.resolve("lease.properties"));
        return held != null && lease.owner().equals(held.getProperty("owner"))
                && Long.toString(lease.token()).equals(held.getProperty("token"));
    }

    /** The lease is still the session's (not released, not taken over), and not lapsed. */
    private boolean leaseIsCurrent(Path dir, Lease lease) throws IOException {
        Properties held = readProperties(dir.resolve("lease.properties"));
        return held != null && lease.owner().equals(held.getProperty("owner"))
                && Long.toString(lease.token()).equals(held.getProperty("token"))
                && Long.parseLong(held.getProperty("expiresAt")) > System.currentTimeMillis();
    }

    // ------------------------------------------------------------------------------------- catalogue

    @Override
    public SessionPage<SessionId> listSessions(String userId, String cursor, int limit) {
        SessionId.validate("userId", userId);
        Path userDir = sessions.resolve(userId);
        TreeSet<String> names = new TreeSet<>();
        if (Files.isDirectory(userDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(userDir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if ((cursor == null || name.compareTo(cursor) > 0) && Files.exists(p.resolve("head.properties"))) {
                        names.add(name);
                    }
                }
            } catch (IOException e) {
                throw new StorageException("File store " + root + ": listing sessions of user " + userId + " failed: " + e, e);
            }
        }
        List<SessionId> page = new ArrayList<>();
        for (String n : names) {
            if (page.size() == limit) {
                break;
            }
            page.add(SessionId.of(userId, n));
        }
        String next = page.size() == limit && names.size() > limit ? page.get(page.size() - 1).sessionId() : null;
        return new SessionPage<>(page, next);
    }

    @Override
    public boolean deleteSession(SessionId session) {
        Path dir = sessionDir(session);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        return locked(session, "deleting", d -> {
            boolean existed = Files.exists(d.resolve("head.properties"));
            Path graveyard = sessions.resolve(".deleted-" + UUID.randomUUID());
            Files.move(d, graveyard, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(graveyard);
            return existed;
        });
    }

    @Override
    public StorageStats stats() {
        return new StorageStats(bytesWritten.get(), blobsWritten.get(), bytesRead.get(), blobsRead.get());
    }

    @Override
    public void close() {
        // nothing held between calls
    }

    // ------------------------------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface LockedAction<T> {
        T run(Path sessionDir) throws IOException;
    }

    private <T> T locked(SessionId session, String what, LockedAction<T> action) {
        Path dir = sessionDir(session);
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock held = lock(ch, session);
                try {
                    return action.run(dir);
                } finally {
                    held.release();
                }
            }
        } catch (IOException e) {
            throw failure(what, session, e);
        }
    }

    private static FileLock lock(FileChannel ch, SessionId session) throws IOException {
        long deadline = System.currentTimeMillis() + LOCK_TIMEOUT_MS;
        while (true) {
            try {
                return ch.lock();
            } catch (OverlappingFileLockException e) {
                // another thread of this JVM holds it: wait for it
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("timed out waiting for the lock of " + session, e);
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for the lock of " + session, ie);
                }
            }
        }
    }

    private static Properties readProperties(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return p;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void writeProperties(Path file, Properties p) throws IOException {
        java.io.StringWriter sw = new java.io.StringWriter();
        try (Writer w = sw) {
            Map<String, String> sorted = new LinkedHashMap<>();
            p.stringPropertyNames().stream().sorted().forEach(k -> sorted.put(k, p.getProperty(k)));
            Properties ordered = new Properties();
            ordered.putAll(sorted);
            ordered.store(w, null);
        }
        writeAtomically(file, sw.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }
}
