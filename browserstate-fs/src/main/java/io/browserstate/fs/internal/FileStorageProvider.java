package io.browserstate.fs.internal;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionPage;
import io.browserstate.api.StorageException;
import io.browserstate.spi.AbstractStorageProvider;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobIds;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.SessionHead;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadFields;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.Lease;
import io.browserstate.spi.ProviderCapabilities;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Layout under the root: {@code sessions/<user>/<session>/} holds {@code head.properties},
 * {@code lease.properties}, {@code fence} and {@code .lock} (and, for a format-1 session, its own
 * {@code blobs/<2 hex>/<id>}); {@code shared/<user>/} holds the user's shared space,
 * {@code blobs/<2 hex>/<id>} and {@code .lock}, each blob's modification time being its last claim. Every write
 * goes to a temporary file first and is renamed into place; the head, lease and fence change only
 * under an exclusive lock on {@code .lock}.
 */
public final class FileStorageProvider extends AbstractStorageProvider {
    private static final long LOCK_TIMEOUT_MS = 30_000;
    /** Largest blob the store accepts and reads. */
    static final long MAX_BLOB_BYTES = 64L * 1024 * 1024;
    private static final int MAX_SMALL_FILE_BYTES = 1024 * 1024;

    private final Path root;
    private final Path sessions;
    private final Path shared;
    private final boolean durable;

    public FileStorageProvider(Path root, boolean durable) {
        this.root = root;
        this.sessions = root.resolve("sessions");
        this.shared = root.resolve("shared");
        this.durable = durable;
        try {
            Files.createDirectories(sessions);
        } catch (IOException e) {
            throw new StorageException("Cannot create the store directory " + sessions + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ProviderCapabilities capabilities() {
        return ProviderCapabilities.builder().leases(true).multiProcess(true).maxBlobBytes(MAX_BLOB_BYTES).build();
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }

    private Path sessionPath(SessionId id) {
        return sessions.resolve(id.userId()).resolve(id.sessionId());
    }

    /**
     * The session's directory with every level below the store checked to be a real directory, never a
     * link (a link would make the store read or write elsewhere); created when asked, else {@code null}
     * when absent.
     */
    private Path sessionDir(SessionId id, boolean create) throws IOException {
        Path user = realDirectory(id, sessions.resolve(id.userId()), create);
        return user == null ? null : realDirectory(id, user.resolve(id.sessionId()), create);
    }

    private static Path realDirectory(SessionId id, Path dir, boolean create) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            if (!create) {
                return null;
            }
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException raced) {
                // another writer made it: checked below
            }
            attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        if (!attrs.isDirectory()) {
            throw new CorruptDataException(id, "the store's " + dir + " is " + (attrs.isSymbolicLink() ? "a symbolic link" : "not a directory")
                    + "; the store never follows links out of its directory");
        }
        return dir;
    }

    private static Path blobPath(Path sessionDir, String blobId) {
        BlobIds.check(blobId);
        return sessionDir.resolve("blobs").resolve(blobId.substring(0, 2)).resolve(blobId);
    }

    /**
     * The directories that hold a session's blobs, each checked (and created when asked) like the
     * session's directory, but once per call rather than once per blob: a batch of 200 chunks would
     * otherwise cost 400 extra lstat calls.
     */
    private static final class BlobDirs {
        private final SessionId session;
        private final Path sessionDir;
        private final boolean create;
        private final Set<String> checked = new HashSet<>();
        private Path blobs;
        private boolean blobsChecked;

        BlobDirs(SessionId session, Path sessionDir, boolean create) {
            this.session = session;
            this.sessionDir = sessionDir;
            this.create = create;
        }

        /** The directory of {@code blobId}, or {@code null} when it does not exist (and was not to be created). */
        Path of(String blobId) throws IOException {
            BlobIds.check(blobId);
            if (!blobsChecked) {
                blobs = realDirectory(session, sessionDir.resolve("blobs"), create);
                blobsChecked = true;
            }
            if (blobs == null) {
                return null;
            }
            String prefix = blobId.substring(0, 2);
            if (checked.contains(prefix)) {
                return blobs.resolve(prefix);
            }
            Path dir = realDirectory(session, blobs.resolve(prefix), create);
            if (dir != null) {
                checked.add(prefix);
            }
            return dir;
        }
    }

    private StorageException failure(String what, SessionId id, IOException e) {
        return new StorageException("File store " + root + ": " + what + " of " + id + " failed: " + e, e);
    }

    // ----------------------------------------------------------------------------------------- blobs

    /** The directory holding a space's {@code blobs/}: {@code shared/<user>} or the format-1 session's directory. */
    private Path spaceDir(BlobSpace space, boolean create) throws IOException {
        if (!space.isShared()) {
            return sessionDir(space.session(), create);
        }
        Path top = realDirectory(null, shared, create);
        return top == null ? null : realDirectory(null, top.resolve(space.userId()), create);
    }

    private StorageException failure(String what, BlobSpace space, IOException e) {
        return new StorageException("File store " + root + ": " + what + " of " + space + " failed: " + e, e);
    }

    @Override
    public Instant time() {
        return Instant.now();
    }

    @Override
    public Set<String> claimBlobs(BlobSpace space, Collection<String> ids) {
        checkOpen();
        checkWritable(space);
        checkIds(ids);
        // under the space's lock, so that a collection's check-and-delete never interleaves with a claim
        return lockedSpace(space, "claiming blobs", dir -> {
            Set<String> missing = new HashSet<>();
            BlobDirs dirs = new BlobDirs(null, dir, false);
            FileTime now = FileTime.from(time());
            for (String id : ids) {
                Path file = dirs.of(id) == null ? null : blobPath(dir, id);
                if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    missing.add(id);
                } else {
                    Files.setLastModifiedTime(file, now);
                }
            }
            return missing;
        });
    }

    @Override
    public void putBlobs(BlobSpace space, List<Blob> blobs) {
        checkOpen();
        checkBlobs(space, blobs);
        if (blobs.isEmpty()) {
            return;
        }
        List<Path> written = new ArrayList<>(blobs.size());
        try {
            Path dir = spaceDir(space, true);
            BlobDirs dirs = new BlobDirs(null, dir, true);
            // the bytes go to temporary files outside the lock; the renames run under it, each followed by
            // the blob's claim: its modification time set to the store's time then (a rename keeps the
            // temporary file's, which may be older than a claim made meanwhile)
            for (Blob b : blobs) {
                dirs.of(b.id());
                written.add(writeTemporary(blobPath(dir, b.id()), b.data()));
            }
            lockedSpace(space, "writing blobs", d -> {
                FileTime now = FileTime.from(time());
                for (int i = 0; i < blobs.size(); i++) {
                    Path target = blobPath(d, blobs.get(i).id());
                    moveIntoPlace(written.get(i), target);
                    Files.setLastModifiedTime(target, now);
                }
                return null;
            });
        } catch (IOException e) {
            throw failure("writing blobs", space, e);
        } finally {
            for (Path tmp : written) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a leftover temporary file is named .*.tmp and never read as a blob
                }
            }
        }
    }

    @Override
    public List<byte[]> getBlobs(BlobSpace space, List<String> ids) {
        checkOpen();
        List<byte[]> out = new ArrayList<>(ids.size());
        try {
            Path dir = spaceDir(space, false);
            BlobDirs dirs = dir == null ? null : new BlobDirs(null, dir, false);
            SessionId named = space.isShared() ? null : space.session();
            for (String id : ids) {
                out.add(dirs == null || dirs.of(id) == null ? null : readBlob(named, blobPath(dir, id)));
            }
        } catch (IOException e) {
            throw failure("reading blobs", space, e);
        }
        return out;
    }

    /**
     * Reads one blob, or {@code null} when it is absent. A link, FIFO, device or file larger than the
     * largest blob is refused before it is opened: the store's content is untrusted too.
     */
    private static byte[] readBlob(SessionId session, Path file) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!attrs.isRegularFile()) {
            throw new CorruptDataException(session, "blob " + file.getFileName() + " in the store is "
                    + (attrs.isSymbolicLink() ? "a symbolic link" : attrs.isDirectory() ? "a directory" : "a FIFO, socket or device")
                    + ", not a regular file; it is not read");
        }
        if (attrs.size() > MAX_BLOB_BYTES) {
            throw new CorruptDataException(session, "blob " + file.getFileName() + " in the store is " + attrs.size()
                    + " bytes, larger than the largest blob (" + MAX_BLOB_BYTES + " bytes); it is not read");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (size > MAX_BLOB_BYTES) {
                throw new CorruptDataException(session, "blob " + file.getFileName() + " grew past the largest blob size while it was read");
            }
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read on
            }
            return buf.position() == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public Map<String, Long> blobSizes(BlobSpace space, Collection<String> ids) {
        checkOpen();
        Map<String, Long> sizes = new HashMap<>();
        try {
            Path dir = spaceDir(space, false);
            BlobDirs dirs = dir == null ? null : new BlobDirs(null, dir, false);
            if (dirs == null) {
                return sizes;
            }
            for (String id : ids) {
                BlobIds.check(id);
                if (dirs.of(id) == null) {
                    continue;
                }
                try {
                    BasicFileAttributes attrs = Files.readAttributes(blobPath(dir, id), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attrs.isRegularFile()) {
                        sizes.put(id, attrs.size());
                    }
                } catch (NoSuchFileException e) {
                    // collected meanwhile: left out, like any id the space lacks
                }
            }
        } catch (IOException e) {
            throw failure("measuring blobs", space, e);
        }
        return sizes;
    }

    @Override
    public Map<String, Instant> listBlobs(BlobSpace space) {
        checkOpen();
        Map<String, Instant> ids = new HashMap<>();
        try {
            Path dir = spaceDir(space, false);
            Path blobs = dir == null ? null : realDirectory(null, dir.resolve("blobs"), false);
            if (blobs == null) {
                return ids;
            }
            try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(blobs)) {
                for (Path prefix : prefixes) {
                    if (!Files.isDirectory(prefix, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
                        for (Path file : files) {
                            String name = file.getFileName().toString();
                            if (BlobIds.isValid(name) && name.startsWith(prefix.getFileName().toString())) {
                                ids.put(name, space.isShared() ? claimTime(file) : Instant.EPOCH);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw failure("listing blobs", space, e);
        }
        return ids;
    }

    /** A blob's last claim: its modification time; {@link Instant#MAX} (keep) when it vanished meanwhile. */
    private static Instant claimTime(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).lastModifiedTime().toInstant();
        } catch (NoSuchFileException e) {
            return Instant.MAX;
        }
    }

    @Override
    public long deleteBlobs(BlobSpace space, Collection<String> ids, Instant claimedBefore) {
        checkOpen();
        checkIds(ids);
        if (ids.isEmpty()) {
            return 0;
        }
        if (!space.isShared()) {
            // a format-1 space is only ever emptied (by a migration or a delete): its directories go with its last blob
            return locked(space.session(), "deleting blobs", dir -> {
                long deleted = deleteBlobFiles(dir, ids, null);
                pruneEmptyBlobDirectories(dir);
                return deleted;
            });
        }
        return lockedSpace(space, "deleting blobs", dir -> deleteBlobFiles(dir, ids, claimedBefore));
    }

    /** Deletes blob files (of those claimed before {@code claimedBefore}, when given); returns how many went. */
    private static long deleteBlobFiles(Path dir, Collection<String> ids, Instant claimedBefore) throws IOException {
        BlobDirs dirs = new BlobDirs(null, dir, false);
        long deleted = 0;
        for (String id : ids) {
            if (dirs.of(id) == null) {
                continue;
            }
            Path file = blobPath(dir, id);
            if (claimedBefore != null && !claimTime(file).isBefore(claimedBefore)) {
                continue;
            }
            if (Files.deleteIfExists(file)) {
                deleted++;
            }
        }
        return deleted;
    }

    // ------------------------------------------------------------------------------------------ head

    @Override
    public Optional<Head> readHead(SessionId session) {
        checkOpen();
        try {
            Path dir = sessionDir(session, false);
            return dir == null ? Optional.empty() : Optional.ofNullable(readHead(session, dir));
        } catch (IOException e) {
            throw failure("reading the head", session, e);
        }
    }

    /** The head in {@code dir}, or {@code null}; a malformed one is {@link CorruptDataException}. */
    private static Head readHead(SessionId session, Path dir) throws IOException {
        Properties p = readProperties(session, dir.resolve("head.properties"));
        if (p == null) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> fields.put(k, p.getProperty(k)));
        if (!fields.containsKey(HeadFields.F_FORMAT) && fields.containsKey("manifest")) {
            // heads written by 0.1 of this store: the same fields, the manifest under another name
            fields.put(HeadFields.F_MANIFEST, fields.remove("manifest"));
            fields.put(HeadFields.F_FORMAT, HeadFields.FORMAT_1);
        }
        return HeadFields.fromFields(session, fields, "the file store");
    }

    @Override
    public HeadUpdate compareAndSetHead(SessionId session, long expectedVersion, Head next, Lease lease, Instant publishBy) {
        checkOpen();
        checkLease(session, lease);
        return locked(session, "publishing the head", dir -> {
            Head current = readHead(session, dir);
            long version = current == null ? 0 : current.version();
            if (version != expectedVersion) {
                return HeadUpdate.VERSION_MOVED;
            }
            if (lease != null && !leaseIsCurrent(session, dir, lease)) {
                return HeadUpdate.LEASE_LOST;
            }
            if (publishBy != null && time().isAfter(publishBy)) {
                return HeadUpdate.DEADLINE_PASSED;
            }
            writeAtomically(dir.resolve("head.properties"), HeadFields.toText(next).getBytes(StandardCharsets.ISO_8859_1));
            return HeadUpdate.PUBLISHED;
        });
    }

    @Override
    public void touch(SessionId session, Instant accessedAt) {
        checkOpen();
        locked(session, "recording an access", dir -> {
            Head current = readHead(session, dir);
            if (current != null) {
                writeAtomically(dir.resolve("head.properties"),
                        HeadFields.toText(current.withAccessedAt(accessedAt)).getBytes(StandardCharsets.ISO_8859_1));
            }
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------- leases

    @Override
    public Optional<Lease> tryAcquireLease(SessionId session, String owner, Duration ttl) {
        checkOpen();
        return locked(session, "acquiring the lease", dir -> {
            Properties held = readProperties(session, dir.resolve("lease.properties"));
            Instant now = Instant.now();
            if (held != null && Instant.ofEpochMilli(number(session, held, "expiresAt")).isAfter(now)
                    && !owner.equals(held.getProperty("owner"))) {
                return Optional.<Lease>empty();
            }
            long token = nextToken(session, dir.resolve("fence"));
            Lease lease = new Lease(session, owner, token, now.plus(ttl));
            writeProperties(dir.resolve("lease.properties"), leaseProps(lease));
            return Optional.of(lease);
        });
    }

    /**
     * The next fencing token. A fresh fence starts at the current time in microseconds, so tokens keep
     * growing after the session was deleted and its fence with it (unless the clock goes back).
     */
    private long nextToken(SessionId session, Path fence) throws IOException {
        long floor = System.currentTimeMillis() * 1000;
        long token = floor;
        String stored = readSmallFile(session, fence);
        if (stored != null) {
            try {
                token = Math.max(Long.parseLong(stored.trim()) + 1, 1);
            } catch (NumberFormatException e) {
                throw new CorruptDataException(session, "the lease fence in the store is malformed: " + e.getMessage(), e);
            }
        }
        writeAtomically(fence, Long.toString(token).getBytes(StandardCharsets.US_ASCII));
        return token;
    }

    @Override
    public Optional<Lease> readLease(SessionId session) {
        checkOpen();
        return locked(session, "reading the lease", dir -> {
            Properties held = readProperties(session, dir.resolve("lease.properties"));
            if (held == null) {
                return Optional.<Lease>empty();
            }
            Instant expires = Instant.ofEpochMilli(number(session, held, "expiresAt"));
            String owner = held.getProperty("owner");
            if (!expires.isAfter(Instant.now()) || owner == null || owner.isEmpty()) {
                return Optional.<Lease>empty();
            }
            return Optional.of(new Lease(session, owner, number(session, held, "token"), expires));
        });
    }

    @Override
    public Optional<Lease> renewLease(Lease lease, Duration ttl) {
        checkOpen();
        return locked(lease.sessionId(), "renewing the lease", dir -> {
            if (!leaseIsHeld(lease.sessionId(), dir, lease)) {
                return Optional.<Lease>empty();
            }
            Lease renewed = new Lease(lease.sessionId(), lease.owner(), lease.token(), Instant.now().plus(ttl));
            writeProperties(dir.resolve("lease.properties"), leaseProps(renewed));
            return Optional.of(renewed);
        });
    }

    @Override
    public void releaseLease(Lease lease) {
        checkOpen();
        locked(lease.sessionId(), "releasing the lease", dir -> {
            if (leaseIsHeld(lease.sessionId(), dir, lease)) {
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

    private static boolean leaseIsHeld(SessionId session, Path dir, Lease lease) throws IOException {
        Properties held = readProperties(session, dir.resolve("lease.properties"));
        return held != null && lease.owner().equals(held.getProperty("owner"))
                && Long.toString(lease.token()).equals(held.getProperty("token"));
    }

    /** The lease is still the session's (not released, not taken over), and not lapsed. */
    private static boolean leaseIsCurrent(SessionId session, Path dir, Lease lease) throws IOException {
        Properties held = readProperties(session, dir.resolve("lease.properties"));
        return held != null && lease.owner().equals(held.getProperty("owner"))
                && Long.toString(lease.token()).equals(held.getProperty("token"))
                && number(session, held, "expiresAt") > System.currentTimeMillis();
    }

    private static long number(SessionId session, Properties p, String key) {
        try {
            return Long.parseLong(p.getProperty(key));
        } catch (NumberFormatException e) {
            throw new CorruptDataException(session, "the lease in the store has a malformed " + key + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------- catalogue

    @Override
    public SessionPage<String> listUsers(String cursor, int limit) {
        checkOpen();
        TreeSet<String> users = new TreeSet<>();
        if (Files.isDirectory(sessions, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(sessions)) {
                for (Path user : ds) {
                    if (Files.isDirectory(user, LinkOption.NOFOLLOW_LINKS) && hasSession(user)) {
                        users.add(user.getFileName().toString());
                    }
                }
            } catch (IOException e) {
                throw new StorageException("File store " + root + ": listing users failed: " + e, e);
            }
        }
        return SessionPage.ofSorted(users, cursor, limit);
    }

    private static boolean hasSession(Path userDir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(userDir)) {
            for (Path p : ds) {
                if (Files.exists(p.resolve("head.properties"), LinkOption.NOFOLLOW_LINKS)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public SessionPage<SessionHead> listSessions(String userId, String cursor, int limit) {
        checkOpen();
        SessionId.validate("userId", userId);
        Path userDir = sessions.resolve(userId);
        TreeSet<String> names = new TreeSet<>();
        if (Files.isDirectory(userDir, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(userDir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if ((cursor == null || name.compareTo(cursor) > 0) && Files.exists(p.resolve("head.properties"), LinkOption.NOFOLLOW_LINKS)) {
                        names.add(name);
                    }
                }
            } catch (IOException e) {
                throw new StorageException("File store " + root + ": listing sessions of user " + userId + " failed: " + e, e);
            }
        }
        List<SessionHead> page = new ArrayList<>();
        for (String n : names) {
            if (page.size() == limit) {
                break;
            }
            SessionId id;
            try {
                id = SessionId.of(userId, n);
            } catch (io.browserstate.api.InvalidSessionIdException e) {
                continue; // not a directory this store wrote
            }
            readHead(id).ifPresent(h -> page.add(new SessionHead(id, h)));
        }
        String next = page.size() == limit && names.size() > limit ? page.get(page.size() - 1).id().sessionId() : null;
        return new SessionPage<>(page, next);
    }

    @Override
    public boolean deleteSession(SessionId session, Lease lease) {
        checkOpen();
        checkLease(session, lease);
        try {
            if (sessionDir(session, false) == null) {
                return false;
            }
        } catch (IOException e) {
            throw failure("deleting", session, e);
        }
        return locked(session, "deleting", dir -> {
            if (lease != null && !leaseIsCurrent(session, dir, lease)) {
                throw new SessionConflictException(session, "Session " + session + " was not deleted: the lease used is no longer current"
                        + " (another worker took it over, or it lapsed)");
            }
            boolean existed = Files.exists(dir.resolve("head.properties"), LinkOption.NOFOLLOW_LINKS);
            Files.deleteIfExists(dir.resolve("head.properties"));
            deleteBlobFiles(dir, listBlobs(BlobSpace.ofSession(session)).keySet(), null);
            deleteKnownLayout(dir);
            return existed;
        });
    }

    /**
     * Removes what is left of a session directory: empty blob directories and the lease.
     * Not a general tree delete: anything the store did not write stays, and the directory with it.
     */
    private static void deleteKnownLayout(Path dir) throws IOException {
        pruneEmptyBlobDirectories(dir);
        // the fence stays, so that lease tokens keep growing across the delete; the lock file stays for
        // processes that wait on it
        Files.deleteIfExists(dir.resolve("lease.properties"));
    }

    /** Removes {@code blobs/} and its fan-out directories where they are empty. */
    private static void pruneEmptyBlobDirectories(Path dir) throws IOException {
        Path blobs = dir.resolve("blobs");
        if (Files.isDirectory(blobs, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(blobs)) {
                for (Path prefix : prefixes) {
                    deleteIfEmpty(prefix);
                }
            }
            deleteIfEmpty(blobs);
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try {
            Files.deleteIfExists(dir);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // holds something the store did not write: left alone
        }
    }

    // close(): nothing is held between calls, so the base's closed guard is all there is

    // ------------------------------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface LockedAction<T> {
        T run(Path sessionDir) throws IOException;
    }

    private <T> T locked(SessionId session, String what, LockedAction<T> action) {
        try {
            return lockedIn(sessionDir(session, true), session.toString(), action);
        } catch (IOException e) {
            throw failure(what, session, e);
        }
    }

    /** Runs {@code action} under the lock of a shared space, which serialises its claims, renames and deletions. */
    private <T> T lockedSpace(BlobSpace space, String what, LockedAction<T> action) {
        try {
            return lockedIn(spaceDir(space, true), space.toString(), action);
        } catch (IOException e) {
            throw failure(what, space, e);
        }
    }

    private <T> T lockedIn(Path dir, String name, LockedAction<T> action) throws IOException {
        {
            // never through a link: a .lock link would make the store create or truncate its target
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                FileLock held = lock(ch, name);
                try {
                    return action.run(dir);
                } finally {
                    held.release();
                }
            } catch (IOException e) {
                if (Files.isSymbolicLink(dir.resolve(".lock"))) {
                    throw new CorruptDataException(null, "the store's lock file " + dir.resolve(".lock") + " is a symbolic link; it is not followed", e);
                }
                throw e;
            }
        }
    }

    private static FileLock lock(FileChannel ch, String session) throws IOException {
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

    /** A small file of the store's own (head, lease, fence), or {@code null} when absent; never through a link. */
    private static String readSmallFile(SessionId session, Path file) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!attrs.isRegularFile() || attrs.size() > MAX_SMALL_FILE_BYTES) {
            throw new CorruptDataException(session, "the store's " + file + " is " + (attrs.isRegularFile() ? "larger than "
                    + MAX_SMALL_FILE_BYTES + " bytes" : "not a regular file") + "; it is not read");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(ch.size(), MAX_SMALL_FILE_BYTES));
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read on
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static Properties readProperties(SessionId session, Path file) throws IOException {
        String text = readSmallFile(session, file);
        if (text == null) {
            return null;
        }
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(text));
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(session, "the store's " + file.getFileName() + " is malformed: " + e.getMessage(), e);
        }
        return p;
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
        Path tmp = writeTemporary(target, data);
        try {
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code data} to a new temporary file beside {@code target} (forced to disk when durable); returns it. */
    private Path writeTemporary(Path target, byte[] data) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean done = false;
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
            done = true;
            return tmp;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Renames a temporary file onto {@code target}, atomically where the file system can. */
    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
