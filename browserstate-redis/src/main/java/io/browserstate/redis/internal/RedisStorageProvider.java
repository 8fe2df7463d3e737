package io.browserstate.redis.internal;

import io.browserstate.api.InvalidSessionIdException;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionPage;
import io.browserstate.api.StorageException;
import io.browserstate.redis.RedisStorageOptions;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobIds;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.Lease;
import io.browserstate.spi.ProviderCapabilities;
import io.browserstate.spi.SessionHead;
import io.browserstate.spi.StorageProvider;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis {@link StorageProvider}: the layout of {@link RedisKeys}, heads as hashes
 * ({@link HeadFields}), the atomic steps as {@link Scripts}, and blobs moved through one pipelined
 * connection with a bounded number of commands in flight.
 */
public final class RedisStorageProvider implements StorageProvider {

    /** Largest blob accepted. */
    public static final long MAX_BLOB_BYTES = 8L * 1024 * 1024;
    /**
     * Bytes the engine sends per {@code putBlobs}/{@code getBlobs}: with the engine's parallelism + 1
     * batches in flight this keeps GETs near the 8–16 MiB in flight that loopback Redis serves best.
     */
    public static final int PREFERRED_BATCH_BYTES = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(RedisStorageProvider.class);
    private static final int MAX_SETS_IN_FLIGHT = 8;
    private static final long MAX_SET_BYTES_IN_FLIGHT = 16L * 1024 * 1024;
    private static final int MAX_GETS_IN_FLIGHT = 16;
    /** STRLEN replies are a few bytes: many may be in flight. */
    private static final int STRLENS_IN_FLIGHT = 1024;
    private static final long GET_BYTES_IN_FLIGHT = 8L * 1024 * 1024;
        private static final int KEYS_PER_SCRIPT = 512;
    private static final byte[] EMPTY = new byte[0];

    private final RedisTarget target;
    private final RedisStorageOptions options;
    private final RedisKeys keys;
    private final RedisConnection connection;
    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final long ttlMillis;
    private final long waitMillis;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisStorageProvider(RedisTarget target, RedisStorageOptions options, RedisConnection connection) {
        this.target = target;
        this.options = options;
        this.keys = new RedisKeys(options.keyPrefix());
        this.connection = connection;
        this.redis = connection.commands();
        this.ttlMillis = options.ttl() == null ? 0 : options.ttl().toMillis();
        this.waitMillis = options.commandTimeout().toMillis() + 10_000;
    }

    /**
     * Connects to {@code target}.
     *
     * @throws StorageException when no node answers
     */
    public static RedisStorageProvider open(RedisTarget target, List<RedisURI> uris, RedisStorageOptions options) {
        RedisConnection connection;
        try {
            connection = RedisConnection.open(target.topology(), uris, options);
        } catch (RuntimeException e) {
            throw new StorageException("Redis " + target.description() + ": connecting failed: " + target.redaction().apply(connectFailure(e)), e);
        }
        try {
            checkEviction(target, options, connection.evictionPolicies());
            checkDurability(target, options, connection);
        } catch (RuntimeException e) {
            connection.close();
            if (e instanceof io.browserstate.api.BrowserStateException b) {
                throw b;
            }
            throw new StorageException("Redis " + target.description() + ": reading maxmemory-policy failed: "
                    + target.redaction().apply(message(e)), e);
        }
        LOG.atDebug().setMessage(() -> "Opened Redis storage " + target.description() + " with key prefix " + options.keyPrefix()).log();
        return new RedisStorageProvider(target, options, connection);
    }

    /**
     * Refuses durability options the target cannot honour: waiting for replicas on a Cluster (a save's
     * chunks and its head live on different nodes, and {@code WAIT} answers for one), and waiting for the
     * AOF on a server older than 7.2, which has no {@code WAITAOF}.
     */
    static void checkDurability(RedisTarget target, RedisStorageOptions options, RedisConnection connection) {
        if (options.waitReplicas() == 0 && !options.waitAof()) {
            return;
        }
        if (target.topology() == RedisTarget.Topology.CLUSTER) {
            throw new io.browserstate.api.InvalidConfigurationException("Redis " + target.description() + ": waitReplicas and waitAof"
                    + " are not supported on a Cluster yet (a save writes to several nodes, and WAIT answers for one); use a standalone"
                    + " or Sentinel store for acknowledged replication, or drop the options");
        }
        if (options.waitAof()) {
            String version = connection.serverVersion();
            if (version != null && !RedisConnection.atLeast(version, 7, 2)) {
                throw new io.browserstate.api.InvalidConfigurationException("Redis " + target.description() + ": waitAof needs Redis 7.2"
                        + " or later (WAITAOF), and the server is " + version + ". Drop waitAof and set appendfsync always on the server"
                        + " (every write is then on the master's disk before it is acknowledged), or upgrade the server");
            }
        }
    }

    /**
     * Waits after a published head until {@code waitReplicas} replicas (and with {@code waitAof} the
     * append-only files) have it; fails when they do not within {@code waitTimeout}. The head stays
     * published on the master: only its durability is in doubt, which the message says.
     */
    private void awaitDurability(SessionId session, long version) {
        if (options.waitReplicas() == 0 && !options.waitAof()) {
            return;
        }
        String what = "waiting for " + durabilityDescription() + " to acknowledge version " + version + " of session " + session;
        long[] acked;
        try {
            acked = connection.waitForAcknowledgements(options.waitReplicas(), options.waitAof(), options.waitTimeout())
                    .toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what, e);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        } catch (TimeoutException e) {
            throw failure(what, e);
        }
        boolean localOk = !options.waitAof() || acked[0] >= 1;
        if (acked[1] < options.waitReplicas() || !localOk) {
            throw new StorageException("Redis " + target.description() + ": version " + version + " of session " + session
                    + " was published on the master, but " + (localOk ? "" : "not yet written to its append-only file, and ")
                    + "only " + acked[1] + " of " + options.waitReplicas() + " replicas acknowledged it within " + options.waitTimeout()
                    + " (waitReplicas" + (options.waitAof() ? ", waitAof" : "") + "): a failover now could lose it, so the save does not"
                    + " count as done. Check the replicas (INFO replication), then save again");
        }
    }

    private String durabilityDescription() {
        if (options.waitReplicas() == 0) {
            return "the append-only file";
        }
        return options.waitReplicas() + " replica" + (options.waitReplicas() == 1 ? "" : "s") + (options.waitAof() ? " and the append-only files" : "");
    }

    /**
     * Refuses a server that may evict the store's keys: {@code allkeys-*} evicts any key when memory
     * runs out, {@code volatile-*} those with an expiry, which a store with a {@code ttl} gives every key.
     * A primary store that loses a chunk loses the sessions that reference it, silently. With
     * {@code allowEviction} such a server is accepted with a warning. A policy that cannot be read
     * ({@code CONFIG} refused) is logged and accepted.
     */
    static void checkEviction(RedisTarget target, RedisStorageOptions options, java.util.Map<String, String> policies) {
        List<String> risky = new ArrayList<>();
        policies.forEach((node, policy) -> {
            if (policy == null) {
                LOG.warn("Redis " + target.description() + ": could not read maxmemory-policy of " + node
                        + " (CONFIG is refused); make sure it is noeviction, or the store may lose sessions when memory runs out");
            } else if (policy.startsWith("allkeys-") || (policy.startsWith("volatile-") && options.ttl() != null)) {
                risky.add(node + " uses maxmemory-policy " + policy);
            }
        });
        if (risky.isEmpty()) {
            return;
        }
        String why = String.join(", ", risky) + ": when memory runs out Redis may evict " + (options.ttl() == null ? "any of the store's keys"
                : "the store's keys (they carry a ttl)") + ", and a session whose chunks or head are evicted is lost without an error";
        if (options.allowEviction()) {
            LOG.warn("Redis " + target.description() + ": " + why + "; accepted because allowEviction=true");
            return;
        }
        throw new io.browserstate.api.InvalidConfigurationException("Redis " + target.description() + ": " + why + ". Set maxmemory-policy"
                + " noeviction (CONFIG SET maxmemory-policy noeviction, and in redis.conf)" + (options.ttl() == null
                ? " or a volatile-* policy" : "") + ", or accept the risk with the option allowEviction=true.");
    }

    /** Reads what {@code RedisDoctor} judges. */
    public RedisDiagnosis diagnose(int samples) {
        return connection.diagnose(samples);
    }

    /** Whether this store gives its keys a TTL (which makes volatile-* eviction policies dangerous). */
    public boolean usesTtl() {
        return options.ttl() != null;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return ProviderCapabilities.builder().ttl(true).leases(true).multiProcess(true).maxBlobBytes(MAX_BLOB_BYTES)
                .preferredBatchBytes(PREFERRED_BATCH_BYTES).build();
    }

    @Override
    public String describe() {
        return target.description();
    }

    /** The options this provider runs with. */
    public RedisStorageOptions options() {
        return options;
    }

    // ---------------------------------------------------------------- blobs

    @Override
    public Instant time() {
        return guard("reading the server's clock", () -> {
            List<byte[]> t = await(redis.time(), "reading the server's clock");
            long seconds = Long.parseLong(new String(t.get(0), StandardCharsets.US_ASCII));
            long micros = Long.parseLong(new String(t.get(1), StandardCharsets.US_ASCII));
            return Instant.ofEpochSecond(seconds, micros * 1000);
        });
    }

    @Override
    public Set<String> claimBlobs(BlobSpace space, Collection<String> ids) {
        space.requireWritable();
        return guard("claiming blobs in " + space, () -> claimBlobsUnguarded(space, ids));
    }

    private Set<String> claimBlobsUnguarded(BlobSpace space, Collection<String> ids) {
        RedisKeys.Space k = keys.space(space);
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(ids));
        unique.forEach(BlobIds::check);
        String what = "claiming " + unique.size() + " blobs in " + space;
        List<ScriptCall<List<byte[]>>> batches = new ArrayList<>();
        for (int from = 0; from < unique.size(); from += KEYS_PER_SCRIPT) {
            List<String> batch = unique.subList(from, Math.min(unique.size(), from + KEYS_PER_SCRIPT));
            byte[][] args = idArguments(batch, utf8(k.blobPrefix()), ascii(Long.toString(ttlMillis)));
            batches.add(evalAsync(Scripts.CLAIM_BLOBS, ScriptOutputType.MULTI, new String[] {k.index()}, args));
        }
        Set<String> missing = new LinkedHashSet<>();
        for (ScriptCall<List<byte[]>> f : batches) {
            for (byte[] id : awaitScript(f, what)) {
                missing.add(new String(id, StandardCharsets.US_ASCII));
            }
        }
        return missing;
    }


    @Override
    public void putBlobs(BlobSpace space, List<Blob> blobs) {
        space.requireWritable();
        run("writing " + blobs.size() + " blobs into " + space, () -> putBlobsUnguarded(space, blobs));
    }

    private void putBlobsUnguarded(BlobSpace space, List<Blob> blobs) {
        if (blobs.isEmpty()) {
            return;
        }
        RedisKeys.Space k = keys.space(space);
        for (Blob blob : blobs) {
            if (blob.data().length > MAX_BLOB_BYTES) {
                throw new IllegalArgumentException("Blob " + blob.id() + " for " + space + " is " + blob.data().length
                        + " bytes; the Redis provider accepts at most " + MAX_BLOB_BYTES);
            }
        }
        String what = "writing " + blobs.size() + " blobs into " + space;
        // the claim first: a collection that lists the space then sees the blob as just claimed, never as
        // an old entry whose bytes it may delete; an entry whose SET failed is deleted by a later collection
        List<String> ids = blobs.stream().map(Blob::id).distinct().toList();
        for (int from = 0; from < ids.size(); from += KEYS_PER_SCRIPT) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + KEYS_PER_SCRIPT));
            byte[][] args = idArguments(batch, ascii(Long.toString(ttlMillis)));
            runScript(Scripts.STAMP_BLOBS, ScriptOutputType.INTEGER, new String[] {k.index()}, args, what);
        }
        // NX: a blob another writer stored meanwhile keeps its bytes (the same) and its expiry, which only
        // a claim may change (it only grows); such blobs are claimed below
        SetArgs setArgs = ttlMillis > 0 ? SetArgs.Builder.nx().px(ttlMillis) : SetArgs.Builder.nx();
        Deque<Pending<String>> window = new ArrayDeque<>();
        Set<String> present = new LinkedHashSet<>();
        long inFlightBytes = 0;
        for (Blob blob : blobs) {
            int size = blob.data().length;
            while (!window.isEmpty() && (window.size() >= MAX_SETS_IN_FLIGHT || inFlightBytes + size > MAX_SET_BYTES_IN_FLIGHT)) {
                inFlightBytes -= completeSet(window.poll(), present, what);
            }
            window.add(new Pending<>(blob.id(), size, redis.set(k.blob(blob.id()), blob.data(), setArgs)));
            inFlightBytes += size;
        }
        while (!window.isEmpty()) {
            completeSet(window.poll(), present, what);
        }
        if (!present.isEmpty()) {
            claimBlobsUnguarded(space, present);
        }
    }

    private long completeSet(Pending<String> p, Set<String> present, String what) {
        if (await(p.future(), what) == null) {
            present.add(p.id());
        }
        return p.size();
    }

    @Override
    public List<byte[]> getBlobs(BlobSpace space, List<String> ids) {
        return guard("reading " + ids.size() + " blobs of " + space, () -> getBlobsUnguarded(space, ids));
    }

    private List<byte[]> getBlobsUnguarded(BlobSpace space, List<String> ids) {
        RedisKeys.Space k = keys.space(space);
        ids.forEach(BlobIds::check);
        byte[][] result = new byte[ids.size()][];
        String what = "reading " + ids.size() + " blobs of " + space;
        Deque<Pending<byte[]>> window = new ArrayDeque<>();
        long largest = 512 * 1024;
        for (int i = 0; i < ids.size(); i++) {
            int maxInFlight = (int) Math.max(1, Math.min(MAX_GETS_IN_FLIGHT, GET_BYTES_IN_FLIGHT / largest));
            while (window.size() >= maxInFlight) {
                largest = Math.max(largest, completeGet(window.poll(), result, what));
            }
            String key = k.blob(ids.get(i));
            // GETRANGE, not GET: a value larger than any blob this provider writes (a hostile or foreign one)
            // is never read whole into memory; one byte more than the limit is enough to refuse it
            window.add(new Pending<>(key, i, redis.getrange(key, 0, MAX_BLOB_BYTES)));
        }
        while (!window.isEmpty()) {
            completeGet(window.poll(), result, what);
        }
        return Collections.unmodifiableList(Arrays.asList(result));
    }

    private long completeGet(Pending<byte[]> p, byte[][] result, String what) {
        byte[] value = await(p.future(), what);
        if (value == null || value.length == 0) {
            // GETRANGE answers an empty string for a missing key too: ask which it is (rare: no chunk is empty)
            Long exists = await(redis.exists(p.id()), what);
            result[(int) p.size()] = exists != null && exists > 0 ? EMPTY : null;
            return 0;
        }
        if (value.length > MAX_BLOB_BYTES) {
            throw new io.browserstate.api.CorruptDataException(null, "Redis " + target.description() + ": the blob at key " + p.id()
                    + " holds more than " + MAX_BLOB_BYTES + " bytes, the most this provider ever writes in one value; it was not"
                    + " written by BrowserState and is not read");
        }
        result[(int) p.size()] = value;
        return value.length;
    }

    @Override
    public Map<String, Instant> listBlobs(BlobSpace space) {
        return guard("listing the blobs of " + space, () -> listBlobsUnguarded(space));
    }

    private Map<String, Instant> listBlobsUnguarded(BlobSpace space) {
        RedisKeys.Space k = keys.space(space);
        String what = "listing the blobs of " + space;
        Map<String, Instant> out = new LinkedHashMap<>();
        if (space.isShared()) {
            // every entry, also one whose bytes expired or whose SET failed: a collection deletes it like garbage
            ScoredValueScanCursor<byte[]> cursor = null;
            do {
                cursor = cursor == null ? await(redis.zscan(k.index()), what) : await(redis.zscan(k.index(), cursor), what);
                for (ScoredValue<byte[]> v : cursor.getValues()) {
                    String id = new String(v.getValue(), StandardCharsets.US_ASCII);
                    if (BlobIds.isValid(id)) {
                        out.put(id, Instant.ofEpochMilli((long) v.getScore()));
                    }
                }
            } while (!cursor.isFinished());
            return out;
        }
        // a format-1 set may name a blob whose write failed: the blob keys are the truth, and the script drops such ids
        List<byte[]> present = runScript(Scripts.LIST_BLOBS, ScriptOutputType.MULTI, new String[] {k.index()},
                new byte[][] {utf8(k.blobPrefix())}, what);
        present.stream().map(m -> new String(m, StandardCharsets.US_ASCII)).filter(BlobIds::isValid).sorted()
                .forEach(id -> out.put(id, Instant.EPOCH));
        return out;
    }

    @Override
    public Map<String, Long> blobSizes(BlobSpace space, Collection<String> ids) {
        return guard("measuring the blobs of " + space, () -> {
            RedisKeys.Space k = keys.space(space);
            String what = "measuring " + ids.size() + " blobs of " + space;
            Map<String, Long> sizes = new LinkedHashMap<>();
            Deque<Pending<Long>> window = new ArrayDeque<>();
            for (String id : ids) {
                BlobIds.check(id);
                if (window.size() >= STRLENS_IN_FLIGHT) {
                    measured(window.poll(), sizes, what, k);
                }
                window.add(new Pending<>(id, 0, redis.strlen(k.blob(id))));
            }
            while (!window.isEmpty()) {
                measured(window.poll(), sizes, what, k);
            }
            return sizes;
        });
    }

    /** STRLEN answers 0 for a missing key too: then EXISTS tells (rare: only an empty blob is 0 bytes). */
    private void measured(Pending<Long> p, Map<String, Long> sizes, String what, RedisKeys.Space k) {
        Long length = await(p.future(), what);
        if (length != null && length > 0) {
            sizes.put(p.id(), length);
            return;
        }
        Long exists = await(redis.exists(k.blob(p.id())), what);
        if (exists != null && exists > 0) {
            sizes.put(p.id(), 0L);
        }
    }

    @Override
    public long deleteBlobs(BlobSpace space, Collection<String> ids, Instant claimedBefore) {
        Objects.requireNonNull(claimedBefore, "claimedBefore");
        return guard("deleting blobs of " + space, () -> deleteBlobsUnguarded(space, ids, claimedBefore));
    }

    /** Deletes in batches: in a shared space each one script that checks every blob's claim; in a format-1 space plainly. */
    private long deleteBlobsUnguarded(BlobSpace space, Collection<String> ids, Instant claimedBefore) {
        if (ids.isEmpty()) {
            return 0;
        }
        RedisKeys.Space k = keys.space(space);
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(ids));
        unique.forEach(BlobIds::check);
        String what = "deleting " + unique.size() + " blobs of " + space;
        long deleted = 0;
        if (!k.shared()) {
            List<RedisFuture<Long>> futures = new ArrayList<>();
            for (int from = 0; from < unique.size(); from += KEYS_PER_SCRIPT) {
                List<String> batch = unique.subList(from, Math.min(unique.size(), from + KEYS_PER_SCRIPT));
                futures.add(redis.unlink(batch.stream().map(k::blob).toArray(String[]::new)));
                redis.srem(k.index(), batch.stream().map(RedisStorageProvider::ascii).toArray(byte[][]::new));
            }
            for (RedisFuture<Long> f : futures) {
                deleted += await(f, what);
            }
            return deleted;
        }
        List<ScriptCall<Long>> batches = new ArrayList<>();
        for (int from = 0; from < unique.size(); from += KEYS_PER_SCRIPT) {
            List<String> batch = unique.subList(from, Math.min(unique.size(), from + KEYS_PER_SCRIPT));
            byte[][] args = idArguments(batch, utf8(k.blobPrefix()), ascii(Long.toString(claimedBefore.toEpochMilli())));
            batches.add(evalAsync(Scripts.DELETE_UNCLAIMED, ScriptOutputType.INTEGER, new String[] {k.index()}, args));
        }
        for (ScriptCall<Long> f : batches) {
            Long n = awaitScript(f, what);
            deleted += n == null ? 0 : n;
        }
        return deleted;
    }

    private static void checkLeaseSession(SessionId session, Lease lease) {
        if (lease != null && !lease.sessionId().equals(session)) {
            throw new IllegalArgumentException("The lease is for session " + lease.sessionId() + ", not " + session);
        }
    }

    // ---------------------------------------------------------------- head

    @Override
    public Optional<Head> readHead(SessionId session) {
        return guard("reading the head of session " + session, () -> readHeadUnguarded(session));
    }

    private Optional<Head> readHeadUnguarded(SessionId session) {
        Map<String, byte[]> fields = await(redis.hgetall(keys.session(session).head()), "reading the head of session " + session);
        if (fields == null || fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RedisHeads.fromHash(session, fields));
    }

    @Override
    public HeadUpdate compareAndSetHead(SessionId session, long expectedVersion, Head next, Lease lease, Instant publishBy) {
        return guard("publishing the head of session " + session,
                () -> compareAndSetHeadUnguarded(session, expectedVersion, next, lease, publishBy));
    }

    private HeadUpdate compareAndSetHeadUnguarded(SessionId session, long expectedVersion, Head next, Lease lease, Instant publishBy) {
        Objects.requireNonNull(next, "next");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be 0 or positive, was " + expectedVersion);
        }
        checkLeaseSession(session, lease);
        RedisKeys.Session k = keys.session(session);
        // indexed before the head can exist, so that a collection, which marks what the index lists,
        // never misses a published session; an entry whose head never comes is pruned by listing
        runScript(Scripts.INDEX_SESSION, ScriptOutputType.INTEGER, new String[] {keys.userIndex(session.userId())},
                new byte[][] {utf8(session.sessionId()), ascii(Long.toString(ttlMillis))}, "indexing session " + session);
        List<byte[]> args = new ArrayList<>();
        args.add(ascii(Long.toString(expectedVersion)));
        args.add(lease == null ? EMPTY : ascii(Long.toString(lease.token())));
        args.add(ascii(Long.toString(ttlMillis)));
        args.add(utf8(k.blobPrefix()));
        args.add(publishBy == null ? EMPTY : ascii(Long.toString(publishBy.toEpochMilli())));
        args.addAll(RedisHeads.toArguments(next));
        Long result = runScript(Scripts.COMPARE_AND_SET_HEAD, ScriptOutputType.INTEGER,
                new String[] {k.head(), k.lease(), k.blobs(), k.fence()}, args.toArray(byte[][]::new),
                "publishing version " + next.version() + " of session " + session);
        if (result == null || result == 0) {
            return HeadUpdate.VERSION_MOVED;
        }
        if (result == -2) {
            return HeadUpdate.DEADLINE_PASSED;
        }
        if (result != 1) {
            return HeadUpdate.LEASE_LOST;
        }
        indexSession(session);
        awaitDurability(session, next.version());
        return HeadUpdate.PUBLISHED;
    }

    /**
     * Adds the session to its user's index again after its head was published (idempotent), in case a
     * listing pruned the entry while the head did not exist yet. The index's expiry only grows (a TTL
     * extends it, no TTL makes it persistent). The index lives in another slot than the session, so this
     * cannot be part of the compare-and-set; a failure here is logged and repaired by the next save.
     */
    private void indexSession(SessionId session) {
        String index = keys.userIndex(session.userId());
        try {
            runScript(Scripts.INDEX_SESSION, ScriptOutputType.INTEGER, new String[] {index},
                    new byte[][] {utf8(session.sessionId()), ascii(Long.toString(ttlMillis))}, "indexing session " + session);
        } catch (StorageException e) {
            LOG.warn("Session " + session + " was published but its user index was not updated; "
                    + "the next save repairs it: " + e.getMessage());
        }
    }

    @Override
    public void touch(SessionId session, Instant accessedAt) {
        run("recording an access to session " + session, () -> touchUnguarded(session, accessedAt));
    }

    private void touchUnguarded(SessionId session, Instant accessedAt) {
        RedisKeys.Session k = keys.session(session);
        long ttl = options.refreshTtlOnAccess() ? ttlMillis : 0;
        Long touched = runScript(Scripts.TOUCH, ScriptOutputType.INTEGER, new String[] {k.head(), k.blobs(), k.fence()},
                new byte[][] {ascii(accessedAt.toString()), ascii(Long.toString(ttl)), utf8(k.blobPrefix())},
                "recording an access to session " + session);
        if (ttl > 0 && touched != null && touched == 1) {
            runScript(Scripts.INDEX_SESSION, ScriptOutputType.INTEGER, new String[] {keys.userIndex(session.userId())},
                    new byte[][] {utf8(session.sessionId()), ascii(Long.toString(ttl))}, "refreshing the index TTL of user " + session.userId());
        }
    }

    // ---------------------------------------------------------------- leases

    @Override
    public Optional<Lease> tryAcquireLease(SessionId session, String owner, Duration ttl) {
        return guard("acquiring the lease of session " + session, () -> tryAcquireLeaseUnguarded(session, owner, ttl));
    }

    private Optional<Lease> tryAcquireLeaseUnguarded(SessionId session, String owner, Duration ttl) {
        checkOwner(owner);
        long ttlMs = leaseMillis(ttl);
        RedisKeys.Session k = keys.session(session);
        byte[] token = runScript(Scripts.ACQUIRE_LEASE, ScriptOutputType.VALUE, new String[] {k.lease(), k.fence()},
                new byte[][] {utf8(owner), ascii(Long.toString(ttlMs)), ascii(Long.toString(ttlMillis))},
                "acquiring the lease of session " + session);
        if (token == null) {
            return Optional.empty();
        }
        return Optional.of(new Lease(session, owner, Long.parseLong(new String(token, StandardCharsets.US_ASCII)),
                Instant.now().plusMillis(ttlMs)));
    }

    @Override
    public Optional<Lease> readLease(SessionId session) {
        return guard("reading the lease of session " + session, () -> {
            List<Object> read = runScript(Scripts.READ_LEASE, ScriptOutputType.MULTI, new String[] {keys.session(session).lease()},
                    new byte[0][], "reading the lease of session " + session);
            if (read == null || read.size() != 2 || !(read.get(0) instanceof byte[] value) || !(read.get(1) instanceof Long pttl)) {
                return Optional.<Lease>empty();
            }
            String text = new String(value, StandardCharsets.UTF_8);
            int space = text.indexOf(' ');
            if (space <= 0 || pttl <= 0) {
                return Optional.<Lease>empty();
            }
            try {
                return Optional.of(new Lease(session, text.substring(space + 1), Long.parseLong(text.substring(0, space)),
                        Instant.now().plusMillis(pttl)));
            } catch (NumberFormatException e) {
                throw new io.browserstate.api.CorruptDataException(session, "the lease in the store is malformed (" + keys.session(session).lease() + ")", e);
            }
        });
    }

    @Override
    public Optional<Lease> renewLease(Lease lease, Duration ttl) {
        return guard("renewing the lease of session " + lease.sessionId(), () -> renewLeaseUnguarded(lease, ttl));
    }

    private Optional<Lease> renewLeaseUnguarded(Lease lease, Duration ttl) {
        long ttlMs = leaseMillis(ttl);
        RedisKeys.Session k = keys.session(lease.sessionId());
        Long renewed = runScript(Scripts.RENEW_LEASE, ScriptOutputType.INTEGER, new String[] {k.lease()},
                new byte[][] {leaseValue(lease), ascii(Long.toString(ttlMs))}, "renewing the lease of session " + lease.sessionId());
        return renewed != null && renewed == 1
                ? Optional.of(new Lease(lease.sessionId(), lease.owner(), lease.token(), Instant.now().plusMillis(ttlMs)))
                : Optional.empty();
    }

    @Override
    public void releaseLease(Lease lease) {
        run("releasing the lease of session " + lease.sessionId(), () -> releaseLeaseUnguarded(lease));
    }

    private void releaseLeaseUnguarded(Lease lease) {
        RedisKeys.Session k = keys.session(lease.sessionId());
        runScript(Scripts.RELEASE_LEASE, ScriptOutputType.INTEGER, new String[] {k.lease()}, new byte[][] {leaseValue(lease)},
                "releasing the lease of session " + lease.sessionId());
    }

    private static byte[] leaseValue(Lease lease) {
        return utf8(lease.token() + " " + lease.owner());
    }

    private static void checkOwner(String owner) {
        if (owner == null || owner.isEmpty()) {
            throw new IllegalArgumentException("A lease owner must be a non-empty string");
        }
    }

    private static long leaseMillis(Duration ttl) {
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("A lease TTL must be at least 1 ms, was " + ttl);
        }
        return ttl.toMillis();
    }

    // ---------------------------------------------------------------- catalogue

    /**
     * Scans the keys for the users' session indexes ({@code SCAN MATCH}, 1000 at a time, on every master
     * of a Cluster): every page reads them all, then pages in order.
     */
    @Override
    public SessionPage<String> listUsers(@org.jspecify.annotations.Nullable String cursor, int limit) {
        return guard("listing the users", () -> {
            String head = keys.prefix() + ":user:{";
            String tail = "}:sessions";
            io.lettuce.core.ScanArgs args = io.lettuce.core.ScanArgs.Builder.matches(globEscaped(head) + "*" + globEscaped(tail)).limit(1000);
            java.util.TreeSet<String> users = new java.util.TreeSet<>();
            io.lettuce.core.KeyScanCursor<String> scan = null;
            do {
                scan = scan == null ? await(redis.scan(args), "listing the users") : await(redis.scan(scan, args), "listing the users");
                for (String key : scan.getKeys()) {
                    if (key.startsWith(head) && key.endsWith(tail) && key.length() > head.length() + tail.length()) {
                        users.add(key.substring(head.length(), key.length() - tail.length()));
                    }
                }
            } while (!scan.isFinished());
            return SessionPage.ofSorted(users, cursor, limit);
        });
    }

    private static String globEscaped(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    @Override
    public SessionPage<SessionHead> listSessions(String userId, String cursor, int limit) {
        return guard("listing the sessions of user " + userId, () -> listSessionsUnguarded(userId, cursor, limit));
    }

    private SessionPage<SessionHead> listSessionsUnguarded(String userId, String cursor, int limit) {
        SessionId.validate("userId", userId);
        if (cursor != null) {
            SessionId.validate("cursor", cursor);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        String index = keys.userIndex(userId);
        String what = "listing the sessions of user " + userId;
        List<SessionHead> live = new ArrayList<>();
        List<byte[]> stale = new ArrayList<>();
        String from = cursor;
        while (live.size() <= limit) {
            int fetch = Math.min(limit + 1 - live.size() + 8, 1000);
            Range<byte[]> range = Range.from(from == null ? Range.Boundary.unbounded() : Range.Boundary.excluding(utf8(from)),
                    Range.Boundary.unbounded());
            List<byte[]> members = await(redis.zrangebylex(index, range, Limit.create(0, fetch)), what);
            List<SessionId> candidates = new ArrayList<>();
            // the heads come with the page, pipelined: no head read per session afterwards
            List<RedisFuture<Map<String, byte[]>>> heads = new ArrayList<>();
            for (byte[] member : members) {
                String sessionId = new String(member, StandardCharsets.UTF_8);
                from = sessionId;
                try {
                    SessionId id = new SessionId(userId, sessionId);
                    candidates.add(id);
                    heads.add(redis.hgetall(keys.session(id).head()));
                } catch (InvalidSessionIdException e) {
                    LOG.warn("Ignoring '" + sessionId + "' in " + index + ": " + e.getMessage());
                }
            }
            for (int i = 0; i < candidates.size(); i++) {
                Map<String, byte[]> fields = await(heads.get(i), what);
                if (fields != null && !fields.isEmpty()) {
                    live.add(new SessionHead(candidates.get(i), RedisHeads.fromHash(candidates.get(i), fields)));
                } else {
                    stale.add(utf8(candidates.get(i).sessionId()));
                }
            }
            if (members.size() < fetch) {
                break;
            }
        }
        pruneIndex(userId, index, stale);
        if (live.size() > limit) {
            List<SessionHead> page = live.subList(0, limit);
            return new SessionPage<>(page, page.get(limit - 1).id().sessionId());
        }
        return new SessionPage<>(live, null);
    }

    /**
     * Removes index entries whose session has expired or was deleted (best effort), then adds back those
     * whose head exists again (a session saved or forked under the same id meanwhile): the index must
     * list every published session, since collections mark what it lists.
     */
    private void pruneIndex(String userId, String index, List<byte[]> stale) {
        if (stale.isEmpty()) {
            return;
        }
        try {
            await(redis.zrem(index, stale.toArray(byte[][]::new)), "pruning " + index);
            List<RedisFuture<Long>> back = new ArrayList<>();
            for (byte[] member : stale) {
                back.add(redis.exists(keys.session(SessionId.of(userId, new String(member, StandardCharsets.UTF_8))).head()));
            }
            for (int i = 0; i < stale.size(); i++) {
                if (await(back.get(i), "pruning " + index) > 0) {
                    await(redis.zadd(index, 0, stale.get(i)), "pruning " + index);
                }
            }
        } catch (StorageException e) {
            LOG.atDebug().setMessage(() -> "Could not prune " + index + ": " + e.getMessage()).log();
        }
    }

    @Override
    public boolean deleteSession(SessionId session, Lease lease) {
        checkLeaseSession(session, lease);
        return guard("deleting session " + session, () -> deleteSessionUnguarded(session, lease));
    }

    private boolean deleteSessionUnguarded(SessionId session, Lease lease) {
        RedisKeys.Session k = keys.session(session);
        String what = "deleting session " + session;
        Long removed = runScript(Scripts.DELETE_HEAD, ScriptOutputType.INTEGER, new String[] {k.head(), k.lease()},
                new byte[][] {lease == null ? EMPTY : leaseValue(lease)}, what);
        if (removed != null && removed < 0) {
            throw new SessionConflictException(session, "Session " + session + " was not deleted: the lease used is no longer current"
                    + " (another worker took it over, or it lapsed)");
        }
        boolean existed = removed != null && removed > 0;
        await(redis.zrem(keys.userIndex(session.userId()), utf8(session.sessionId())), what);
        // a format-1 session's own blobs go with it; those in the user's shared space stay for garbage collection
        List<String> blobIds = await(redis.smembers(k.blobs()), what).stream().map(m -> new String(m, StandardCharsets.US_ASCII))
                .filter(BlobIds::isValid).toList();
        deleteBlobsUnguarded(BlobSpace.ofSession(session), blobIds, Instant.EPOCH);
        // the fence goes too: a new one starts at the server's time in microseconds, above every earlier token
        await(redis.del(k.blobs(), k.fence(), k.lease()), what);
        return existed;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connection.close();
            LOG.atDebug().setMessage(() -> "Closed Redis storage " + target.description()).log();
        }
    }

    @Override
    public String toString() {
        return "RedisStorageProvider[" + target.description() + ", keyPrefix=" + options.keyPrefix()
                + (options.ttl() == null ? "" : ", ttl=" + Durations.format(options.ttl())) + "]";
    }

    // ---------------------------------------------------------------- plumbing

    /** A command in flight: the blob id it is about, a size or index, and its future. */
    private record Pending<T>(String id, long size, RedisFuture<T> future) {
    }

    /** A script sent without waiting for its reply, with what it needs to be sent again as {@code EVAL}. */
    private record ScriptCall<T>(LuaScript script, ScriptOutputType type, String[] keys, byte[][] args, RedisFuture<T> future) {
    }

    private <T> ScriptCall<T> evalAsync(LuaScript script, ScriptOutputType type, String[] scriptKeys, byte[][] args) {
        return new ScriptCall<>(script, type, scriptKeys, args, redis.evalsha(script.sha1(), type, scriptKeys, args));
    }

    /** The reply of a script sent by {@link #evalAsync}; a server that does not know the script (restarted) gets its source. */
    @SuppressWarnings("unchecked")
    private <T> T awaitScript(ScriptCall<T> call, String what) {
        try {
            return rawGet(call.future());
        } catch (ExecutionException e) {
            if (!isNoScript(e.getCause())) {
                throw failure(what, e.getCause());
            }
        }
        return (T) await(redis.eval(call.script().source(), call.type(), call.keys(), call.args()), what);
    }

    @SuppressWarnings("unchecked")
    private <T> T runScript(LuaScript script, ScriptOutputType type, String[] scriptKeys, byte[][] args, String what) {
        try {
            return (T) rawGet(redis.evalsha(script.sha1(), type, scriptKeys, args));
        } catch (ExecutionException e) {
            if (!isNoScript(e.getCause())) {
                throw failure(what, e.getCause());
            }
        }
        return (T) await(redis.eval(script.source(), type, scriptKeys, args), what);
    }

    private static boolean isNoScript(Throwable t) {
        return t instanceof RedisNoScriptException || (t != null && t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT"));
    }

    /** {@link #guard(String, Supplier)} for a step that returns nothing. */
    private void run(String what, Runnable body) {
        guard(what, () -> {
            body.run();
            return null;
        });
    }

    /** Turns what Lettuce throws while a command is being issued (not through its future) into a {@link StorageException}. */
    private <T> T guard(String what, Supplier<T> body) {
        if (closed.get()) {
            throw new StorageException("Redis " + target.description() + ": " + what + " failed: the provider is closed");
        }
        try {
            return body.get();
        } catch (RedisException e) {
            throw failure(what, e);
        }
    }

    private <T> T await(RedisFuture<T> future, String what) {
        try {
            return rawGet(future);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        }
    }

    private <T> T rawGet(RedisFuture<T> future) throws ExecutionException {
        try {
            return future.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ExecutionException(e);
        }
    }

    private StorageException failure(String what, Throwable cause) {
        Throwable c = cause;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return new StorageException("Redis " + target.description() + ": " + what + " failed: " + target.redaction().apply(message(c)), c);
    }

    /**
     * Why connecting failed, in words, with what to do: the root cause of Lettuce's "Unable to connect",
     * which alone says nothing about a wrong password or a database that does not exist.
     */
    static String connectFailure(Throwable e) {
        StringBuilder chain = new StringBuilder();
        String root = message(e);
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
            chain.append(' ').append(message(t));
            root = message(t);
        }
        String all = chain.toString();
        String why;
        if (all.contains("WRONGPASS") || all.contains("invalid password") || all.contains("invalid username-password")) {
            why = "the server refused the user name or password (" + root + "). Check the password: in the URI"
                    + " (redis://:PASSWORD@host:port, or redis://USER:PASSWORD@host:port for an ACL user), or by reference with the option"
                    + " password=env:VARIABLE or password=file:/path";
        } else if (all.contains("NOAUTH") || all.contains("Authentication required")) {
            why = "the server requires a password and none was given (" + root + "). Give it with the option password=env:VARIABLE"
                    + " or password=file:/path, or in the URI (redis://:PASSWORD@host:port)";
        } else if (all.contains("DB index is out of range") || all.contains("invalid DB index")) {
            why = "the database named in the URI does not exist on this server (" + root + "); the server's 'databases' setting"
                    + " (16 by default) bounds it. Name a database from 0 to databases-1, e.g. redis://host:6379/0";
        } else if (all.contains("Connection refused")) {
            why = "nothing accepts connections there (" + root + "). Start redis-server, or check the host and port";
        } else if (all.contains("UnknownHost") || all.contains("Name or service not known") || all.contains("nodename nor servname")
                || all.contains("Failed to resolve")) {
            why = "the host name does not resolve (" + root + "). Check the host in the URI";
        } else if (all.contains("SSL") || all.contains("handshake") || all.contains("certificate")) {
            why = "the TLS handshake failed (" + root + "). Use rediss:// only for a server with TLS on, and check its certificate"
                    + " (verifyPeer=NONE turns checking off, for tests only)";
        } else if (all.contains("timed out") || all.contains("Timeout") || all.contains("timeout")) {
            why = "no answer in time (" + root + "). Check the host, port and firewall, or raise connectTimeout";
        } else {
            why = root.equals(message(e)) ? root : message(e) + ": " + root;
        }
        return why;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** A script's arguments: {@code first}, then the blob ids. */
    private static byte[][] idArguments(List<String> ids, byte[]... first) {
        byte[][] args = new byte[first.length + ids.size()][];
        System.arraycopy(first, 0, args, 0, first.length);
        for (int i = 0; i < ids.size(); i++) {
            args[first.length + i] = ascii(ids.get(i));
        }
        return args;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
