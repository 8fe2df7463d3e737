package io.browserstate.examples.sqlite;

import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionPage;
import io.browserstate.api.StorageException;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.SessionHead;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadFields;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.Lease;
import io.browserstate.spi.ProviderCapabilities;
import io.browserstate.spi.StorageProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Sessions in one SQLite database file, through plain JDBC: a table of blobs, a table of heads, a
 * table of leases and a table of the last fencing token per session (kept when a session is deleted,
 * so tokens only ever grow).
 *
 * <p>Atomicity comes from SQLite transactions started with {@code BEGIN IMMEDIATE}, which take the
 * database's write lock at once: a head compare-and-set or a lease grant reads and writes under that
 * lock, so two providers (in one process or several) never both win. The database runs in WAL mode,
 * so readers never wait for writers. One provider holds one connection and serializes its own calls.
 *
 * @since 0.1
 */
public final class SqliteStorageProvider implements StorageProvider {

    private static final int MAX_BLOB_BYTES = 64 * 1024 * 1024;
    private static final int PREFERRED_BATCH_BYTES = 8 * 1024 * 1024;
    /** Ids per {@code IN (...)} query; SQLite allows 999 parameters at least, two are the session. */
    private static final int IDS_PER_QUERY = 500;

    /**
     * One fair lock per database file for this JVM's write transactions: writers of one process queue
     * here in order instead of in SQLite's busy handler, which retries with growing sleeps and lets a
     * lease renewal wait behind a convoy of claims. Other processes still meet at SQLite's own lock.
     */
    private static final java.util.concurrent.ConcurrentMap<Path, java.util.concurrent.locks.ReentrantLock> WRITERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final Connection connection;
    private final java.util.concurrent.locks.ReentrantLock writer;

    SqliteStorageProvider(Path file, Duration busyTimeout) {
        this.file = file;
        this.writer = WRITERS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new java.util.concurrent.locks.ReentrantLock(true));
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StorageException("Cannot create the directory of SQLite database " + file, e);
        }
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "WAL");
        properties.setProperty("synchronous", "NORMAL");
        properties.setProperty("busy_timeout", Long.toString(busyTimeout.toMillis()));
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
        } catch (SQLException e) {
            throw new StorageException("Cannot open SQLite database " + file + ": " + e.getMessage(), e);
        }
        try {
            createSchema();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void createSchema() {
        inTransaction("create the schema", c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS bs_blob (user_id TEXT NOT NULL, session_id TEXT NOT NULL,"
                        + " blob_id TEXT NOT NULL, data BLOB NOT NULL, claimed_at INTEGER NOT NULL DEFAULT 0,"
                        + " PRIMARY KEY (user_id, session_id, blob_id)) WITHOUT ROWID");
                // databases written before 0.3 have no claim column: their rows are format-1 blobs, never claimed
                boolean claimed = false;
                try (ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_info('bs_blob')")) {
                    while (rs.next()) {
                        claimed |= rs.getString(1).equals("claimed_at");
                    }
                }
                if (!claimed) {
                    s.executeUpdate("ALTER TABLE bs_blob ADD COLUMN claimed_at INTEGER NOT NULL DEFAULT 0");
                }
                // the version is a column for the compare-and-set; the head itself is the SPI's one text encoding
                s.executeUpdate("CREATE TABLE IF NOT EXISTS bs_head (user_id TEXT NOT NULL, session_id TEXT NOT NULL,"
                        + " version INTEGER NOT NULL, fields TEXT NOT NULL, PRIMARY KEY (user_id, session_id)) WITHOUT ROWID");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS bs_lease (user_id TEXT NOT NULL, session_id TEXT NOT NULL,"
                        + " owner TEXT NOT NULL, token INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (user_id, session_id)) WITHOUT ROWID");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS bs_lease_token (user_id TEXT NOT NULL, session_id TEXT NOT NULL,"
                        + " last_token INTEGER NOT NULL, PRIMARY KEY (user_id, session_id)) WITHOUT ROWID");
            }
            return null;
        });
    }

    @Override
    public ProviderCapabilities capabilities() {
        return ProviderCapabilities.builder().leases(true).multiProcess(true).maxBlobBytes(MAX_BLOB_BYTES)
                .preferredBatchBytes(PREFERRED_BATCH_BYTES).build();
    }

    @Override
    public String describe() {
        return "sqlite:" + file;
    }

    // ---- blobs -------------------------------------------------------------------------------------
    // A shared space is stored with session_id '' (a session id is never empty); a format-1 space under its session.

    @Override
    public Instant time() {
        return Instant.now();
    }


    @Override
    public synchronized Set<String> claimBlobs(BlobSpace space, Collection<String> ids) {
        space.requireWritable();
        Set<String> missing = new LinkedHashSet<>(ids);
        inTransaction("claim blobs of " + space, c -> {
            long now = time().toEpochMilli();
            for (List<String> batch : batches(List.copyOf(missing))) {
                // the claim and the presence check in one statement, under the write lock: a collection's
                // check-and-delete never interleaves with it
                try (PreparedStatement ps = c.prepareStatement("UPDATE bs_blob SET claimed_at = MAX(claimed_at, ?) WHERE user_id = ? AND session_id = ?"
                        + " AND blob_id IN (" + placeholders(batch.size()) + ") RETURNING blob_id")) {
                    ps.setLong(1, now);
                    bind(ps, 2, space, batch);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            missing.remove(rs.getString(1));
                        }
                    }
                }
            }
            return null;
        });
        return missing;
    }

    @Override
    public synchronized void putBlobs(BlobSpace space, List<Blob> blobs) {
        space.requireWritable();
        for (Blob blob : blobs) {
            if (blob.data().length > MAX_BLOB_BYTES) {
                throw new IllegalArgumentException("Blob " + blob.id() + " for " + space + " is " + blob.data().length
                        + " bytes; this store takes at most " + MAX_BLOB_BYTES);
            }
        }
        inTransaction("store " + blobs.size() + " blobs of " + space, c -> {
            // the claim time is read under the write lock, and never moves a claim backwards
            long now = time().toEpochMilli();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bs_blob (user_id, session_id, blob_id, data, claimed_at)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, session_id, blob_id) DO UPDATE SET claimed_at"
                    + " = MAX(bs_blob.claimed_at, excluded.claimed_at)")) {
                for (Blob blob : blobs) {
                    ps.setString(1, space.userId());
                    ps.setString(2, sessionKey(space));
                    ps.setString(3, blob.id());
                    ps.setBytes(4, blob.data());
                    ps.setLong(5, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public synchronized List<byte[]> getBlobs(BlobSpace space, List<String> ids) {
        Map<String, byte[]> found = new HashMap<>();
        for (List<String> batch : batches(List.copyOf(new LinkedHashSet<>(ids)))) {
            String sql = "SELECT blob_id, data FROM bs_blob WHERE user_id = ? AND session_id = ? AND blob_id IN (" + placeholders(batch.size()) + ")";
            query("read blobs of " + space, sql, ps -> {
                bind(ps, 1, space, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getBytes(2));
                    }
                }
                return null;
            });
        }
        List<byte[]> result = new ArrayList<>(ids.size());
        for (String id : ids) {
            byte[] data = found.get(id);
            result.add(data == null ? null : data.clone());
        }
        return result;
    }

    @Override
    public synchronized Map<String, Instant> listBlobs(BlobSpace space) {
        return query("list blobs of " + space, "SELECT blob_id, claimed_at FROM bs_blob WHERE user_id = ? AND session_id = ?", ps -> {
            bind(ps, 1, space, List.of());
            Map<String, Instant> ids = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), space.isShared() ? Instant.ofEpochMilli(rs.getLong(2)) : Instant.EPOCH);
                }
            }
            return ids;
        });
    }

    @Override
    public synchronized Map<String, Long> blobSizes(BlobSpace space, Collection<String> ids) {
        Set<String> wanted = new java.util.HashSet<>(ids);
        return query("measure blobs of " + space, "SELECT blob_id, length(data) FROM bs_blob WHERE user_id = ? AND session_id = ?", ps -> {
            bind(ps, 1, space, List.of());
            Map<String, Long> sizes = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (wanted.contains(rs.getString(1))) {
                        sizes.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return sizes;
        });
    }

    @Override
    public synchronized long deleteBlobs(BlobSpace space, Collection<String> ids, Instant claimedBefore) {
        List<List<String>> batches = batches(List.copyOf(new LinkedHashSet<>(ids)));
        return inTransaction("delete blobs of " + space, c -> {
            long deleted = 0;
            for (List<String> batch : batches) {
                // the claim is checked in the same statement as the delete
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM bs_blob WHERE user_id = ? AND session_id = ? AND blob_id IN ("
                        + placeholders(batch.size()) + ")" + (space.isShared() ? " AND claimed_at < ?" : ""))) {
                    bind(ps, 1, space, batch);
                    if (space.isShared()) {
                        ps.setLong(3 + batch.size(), claimedBefore.toEpochMilli());
                    }
                    deleted += ps.executeUpdate();
                }
            }
            return deleted;
        });
    }

    private static String sessionKey(BlobSpace space) {
        return space.isShared() ? "" : space.sessionId();
    }

    private static void bind(PreparedStatement ps, int first, BlobSpace space, List<String> ids) throws SQLException {
        ps.setString(first, space.userId());
        ps.setString(first + 1, sessionKey(space));
        for (int i = 0; i < ids.size(); i++) {
            ps.setString(first + 2 + i, ids.get(i));
        }
    }

    // ---- head --------------------------------------------------------------------------------------

    @Override
    public synchronized Optional<Head> readHead(SessionId session) {
        return query("read the head of " + session, "SELECT fields FROM bs_head WHERE user_id = ? AND session_id = ?", ps -> {
                    bind(ps, session, List.of());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(toHead(session, rs.getString(1))) : Optional.<Head>empty();
                    }
                });
    }

    @Override
    public synchronized HeadUpdate compareAndSetHead(SessionId session, long expectedVersion, Head next, Lease lease, Instant publishBy) {
        return inTransaction("publish the head of " + session, c -> {
            long current = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM bs_head WHERE user_id = ? AND session_id = ?")) {
                bind(ps, session, List.of());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        current = rs.getLong(1);
                    }
                }
            }
            if (current != expectedVersion) {
                return HeadUpdate.VERSION_MOVED;
            }
            if (lease != null && !isCurrent(c, lease, Instant.now())) {
                return HeadUpdate.LEASE_LOST;
            }
            if (publishBy != null && time().isAfter(publishBy)) {
                return HeadUpdate.DEADLINE_PASSED;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO bs_head (user_id, session_id, version, fields)"
                    + " VALUES (?, ?, ?, ?)")) {
                ps.setString(1, session.userId());
                ps.setString(2, session.sessionId());
                ps.setLong(3, next.version());
                ps.setString(4, HeadFields.toText(next));
                ps.executeUpdate();
            }
            return HeadUpdate.PUBLISHED;
        });
    }

    @Override
    public synchronized void touch(SessionId session, Instant accessedAt) {
        inTransaction("touch " + session, c -> {
            String fields;
            try (PreparedStatement ps = c.prepareStatement("SELECT fields FROM bs_head WHERE user_id = ? AND session_id = ?")) {
                bind(ps, session, List.of());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    fields = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE bs_head SET fields = ? WHERE user_id = ? AND session_id = ?")) {
                ps.setString(1, HeadFields.toText(toHead(session, fields).withAccessedAt(accessedAt)));
                ps.setString(2, session.userId());
                ps.setString(3, session.sessionId());
                ps.executeUpdate();
            }
            return null;
        });
    }

    // ---- leases ------------------------------------------------------------------------------------

    @Override
    public synchronized Optional<Lease> tryAcquireLease(SessionId session, String owner, Duration ttl) {
        return inTransaction("lease " + session, c -> {
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement("SELECT expires_at, owner FROM bs_lease WHERE user_id = ? AND session_id = ?")) {
                bind(ps, session, List.of());
                try (ResultSet rs = ps.executeQuery()) {
                    // the owner itself takes its lease again, with a new token
                    if (rs.next() && rs.getLong(1) > now.toEpochMilli() && !owner.equals(rs.getString(2))) {
                        return Optional.<Lease>empty();
                    }
                }
            }
            long token = 1;
            try (PreparedStatement ps = c.prepareStatement("SELECT last_token FROM bs_lease_token WHERE user_id = ? AND session_id = ?")) {
                bind(ps, session, List.of());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        token = rs.getLong(1) + 1;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO bs_lease_token (user_id, session_id, last_token) VALUES (?, ?, ?)")) {
                ps.setString(1, session.userId());
                ps.setString(2, session.sessionId());
                ps.setLong(3, token);
                ps.executeUpdate();
            }
            Instant expires = now.plus(ttl);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO bs_lease (user_id, session_id, owner, token, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, session.userId());
                ps.setString(2, session.sessionId());
                ps.setString(3, owner);
                ps.setLong(4, token);
                ps.setLong(5, expires.toEpochMilli());
                ps.executeUpdate();
            }
            return Optional.of(new Lease(session, owner, token, Instant.ofEpochMilli(expires.toEpochMilli())));
        });
    }

    @Override
    public synchronized Optional<Lease> readLease(SessionId session) {
        return inTransaction("read the lease of " + session, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT owner, token, expires_at FROM bs_lease WHERE user_id = ? AND session_id = ? AND expires_at > ?")) {
                ps.setString(1, session.userId());
                ps.setString(2, session.sessionId());
                ps.setLong(3, Instant.now().toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Lease(session, rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))))
                            : Optional.<Lease>empty();
                }
            }
        });
    }

    @Override
    public synchronized Optional<Lease> renewLease(Lease lease, Duration ttl) {
        return inTransaction("renew the lease of " + lease.sessionId(), c -> {
            Instant now = Instant.now();
            if (!isCurrent(c, lease, now)) {
                return Optional.<Lease>empty();
            }
            Instant expires = Instant.ofEpochMilli(now.plus(ttl).toEpochMilli());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE bs_lease SET expires_at = ? WHERE user_id = ? AND session_id = ? AND token = ?")) {
                ps.setLong(1, expires.toEpochMilli());
                ps.setString(2, lease.sessionId().userId());
                ps.setString(3, lease.sessionId().sessionId());
                ps.setLong(4, lease.token());
                ps.executeUpdate();
            }
            return Optional.of(new Lease(lease.sessionId(), lease.owner(), lease.token(), expires));
        });
    }

    @Override
    public synchronized void releaseLease(Lease lease) {
        inTransaction("release the lease of " + lease.sessionId(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM bs_lease WHERE user_id = ? AND session_id = ? AND token = ? AND owner = ?")) {
                ps.setString(1, lease.sessionId().userId());
                ps.setString(2, lease.sessionId().sessionId());
                ps.setLong(3, lease.token());
                ps.setString(4, lease.owner());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Whether {@code lease} is the session's lease now: same token and owner, not expired. */
    private static boolean isCurrent(Connection c, Lease lease, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT owner, token, expires_at FROM bs_lease WHERE user_id = ? AND session_id = ?")) {
            bind(ps, lease.sessionId(), List.of());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1).equals(lease.owner()) && rs.getLong(2) == lease.token()
                        && rs.getLong(3) > now.toEpochMilli();
            }
        }
    }

    // ---- catalogue ---------------------------------------------------------------------------------

    @Override
    public synchronized SessionPage<SessionHead> listSessions(String userId, String cursor, int limit) {
        SessionId.validate("userId", userId);
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, was " + limit);
        }
        // SQLite compares TEXT byte-wise (UTF-8), the order of SessionId's code points.
        return query("list the sessions of " + userId, "SELECT fields, session_id FROM bs_head WHERE user_id = ? AND session_id > ?"
                + " ORDER BY session_id LIMIT ?", ps -> {
                    ps.setString(1, userId);
                    ps.setString(2, cursor == null ? "" : cursor);
                    ps.setInt(3, limit + 1);
                    List<SessionHead> infos = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            SessionId id = SessionId.of(userId, rs.getString(2));
                            infos.add(new SessionHead(id, toHead(id, rs.getString(1))));
                        }
                    }
                    if (infos.size() <= limit) {
                        return new SessionPage<>(infos, null);
                    }
                    List<SessionHead> page = infos.subList(0, limit);
                    return new SessionPage<>(page, page.get(limit - 1).id().sessionId());
                });
    }

    @Override
    public synchronized SessionPage<String> listUsers(String cursor, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, was " + limit);
        }
        return query("list the users", "SELECT DISTINCT user_id FROM bs_head WHERE user_id > ? ORDER BY user_id LIMIT ?", ps -> {
            ps.setString(1, cursor == null ? "" : cursor);
            ps.setInt(2, limit + 1);
            java.util.TreeSet<String> users = new java.util.TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(rs.getString(1));
                }
            }
            return SessionPage.ofSorted(users, null, limit);
        });
    }

    @Override
    public synchronized boolean deleteSession(SessionId session, Lease lease) {
        return inTransaction("delete " + session, c -> {
            if (lease != null && !isCurrent(c, lease, Instant.now())) {
                throw new SessionConflictException(session, "Session " + session + " was not deleted: the lease used is no longer current");
            }
            int deleted = 0;
            for (String table : List.of("bs_head", "bs_blob", "bs_lease")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE user_id = ? AND session_id = ?")) {
                    bind(ps, session, List.of());
                    int n = ps.executeUpdate();
                    if (table.equals("bs_head")) {
                        deleted += n; // whether a published head existed; orphan blobs do not count
                    }
                }
            }
            return deleted > 0;
        });
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("Closing SQLite database " + file + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "SqliteStorageProvider[" + file + "]";
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private interface SqlQuery<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    /** Runs {@code work} inside {@code BEGIN IMMEDIATE} … {@code COMMIT}: the write lock is taken up front. */
    private <T> T inTransaction(String what, SqlWork<T> work) {
        writer.lock();
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run(connection);
                s.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("Could not " + what + " in SQLite database " + file + ": " + e.getMessage(), e);
        } finally {
            writer.unlock();
        }
    }

    private <T> T query(String what, String sql, SqlQuery<T> work) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            return work.run(ps);
        } catch (SQLException e) {
            throw new StorageException("Could not " + what + " in SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, SessionId session, List<String> ids) throws SQLException {
        ps.setString(1, session.userId());
        ps.setString(2, session.sessionId());
        for (int i = 0; i < ids.size(); i++) {
            ps.setString(3 + i, ids.get(i));
        }
    }

    private static List<List<String>> batches(List<String> ids) {
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
            batches.add(ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY)));
        }
        return batches;
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private Head toHead(SessionId session, String fields) {
        return HeadFields.fromText(session, fields, "SQLite database " + file);
    }
}
