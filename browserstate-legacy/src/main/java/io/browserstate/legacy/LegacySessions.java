package io.browserstate.legacy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.api.SessionId;
import io.browserstate.legacy.internal.LegacyEngine;
import io.browserstate.legacy.internal.LegacyStore;
import io.browserstate.legacy.internal.MirroringManager;
import io.browserstate.spi.Redaction;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions stored in Redis by the original TypeScript and Python BrowserState libraries: read them,
 * migrate them into a native {@link BrowserStateManager}, and write them back so that workers of the
 * original libraries can still open sessions saved from Java.
 *
 * <p>Keys are {@code prefix:userId:sessionId} (the value) and {@code prefix:userId:sessionId:metadata}
 * (informational JSON, never required). The format — base64 of a ZIP archive ({@code ts-zip-v2},
 * {@code py-zip-v2}) or the older JSON document ({@code seed-json-v1}) — is recognised from the value.
 *
 * <p>Every value is treated as hostile input: a restore validates every name and link first, never
 * writes outside its target or through a link, verifies every CRC and size, bounds what it expands
 * ({@link LegacyOptions#maxRestoreBytes()}, {@link LegacyOptions#maxRestoreEntries()}), leaves out
 * Chromium's {@code SingletonLock}/{@code SingletonSocket}/{@code SingletonCookie}, and is all or nothing.
 * A refused value raises {@link io.browserstate.api.CorruptDataException} naming the session and the entry.
 *
 * <p>Migration is idempotent: the native snapshot records the legacy value's SHA-256 (attribute
 * {@value #ATTR_SHA256}) and timestamp ({@value #ATTR_TIMESTAMP}); a session whose native head already
 * carries that digest is reported {@code UP_TO_DATE}, and a native session saved after the legacy value
 * is left alone unless {@link MigrationOptions#overwriteNewerNative()} says otherwise. Legacy keys stay
 * unless {@link MigrationOptions#deleteLegacy()} is set.
 *
 * <p>Thread-safe. Uses one Redis connection (standalone or Sentinel URIs; Redis Cluster is not
 * supported for the legacy layout). Close it when done.
 *
 * @since 0.1
 */
public final class LegacySessions implements AutoCloseable {

    /** Native snapshot attribute holding the SHA-256 (hex) of the legacy value it came from or was mirrored to. */
    public static final String ATTR_SHA256 = LegacyEngine.ATTR_SHA256;
    /** Native snapshot attribute holding the legacy value's timestamp (ISO-8601), when known. */
    public static final String ATTR_TIMESTAMP = LegacyEngine.ATTR_TIMESTAMP;
    /** Native snapshot attribute holding the legacy format id ({@link LegacyFormat#id()}). */
    public static final String ATTR_FORMAT = LegacyEngine.ATTR_FORMAT;

    private final LegacyEngine engine;

    private LegacySessions(LegacyEngine engine) {
        this.engine = engine;
    }

    /**
     * Connects to {@code redisUri} (e.g. {@code redis://localhost:6379/0}) with {@link LegacyOptions#defaults()}.
     *
     * @param redisUri a standalone or Sentinel Redis URI
     * @return a connected instance; {@link #close()} shuts its client down
     */
    public static LegacySessions connect(String redisUri) {
        return connect(redisUri, LegacyOptions.defaults());
    }

    /**
     * Connects to {@code redisUri}; {@link #close()} shuts the client down.
     *
     * @param redisUri a standalone or Sentinel Redis URI, e.g. {@code redis://localhost:6379/0}
     * @param options how sessions are read, written and mirrored
     * @return a connected instance
     * @throws io.browserstate.api.StorageException when Redis cannot be reached
     */
    public static LegacySessions connect(String redisUri, LegacyOptions options) {
        Objects.requireNonNull(redisUri, "redisUri");
        RedisClient client;
        try {
            client = RedisClient.create(redisUri);
        } catch (IllegalArgumentException | RedisException e) {
            throw new InvalidConfigurationException("the Redis URI for legacy sessions is invalid: " + Redaction.of(redisUri).apply(String.valueOf(e.getMessage())));
        }
        return new LegacySessions(new LegacyEngine(LegacyStore.open(client, true, options.keyPrefix(), options.scanCount()), options,
                Clock.systemUTC()));
    }

    /**
     * Opens a connection through a client the caller owns; {@link #close()} closes only that connection.
     *
     * @param client the Redis client to connect through; the caller keeps it and shuts it down
     * @param options how sessions are read, written and mirrored
     * @return a connected instance
     * @throws io.browserstate.api.StorageException when Redis cannot be reached
     */
    public static LegacySessions create(RedisClient client, LegacyOptions options) {
        Objects.requireNonNull(client, "client");
        return new LegacySessions(new LegacyEngine(LegacyStore.open(client, false, options.keyPrefix(), options.scanCount()), options,
                Clock.systemUTC()));
    }

    /**
     * The options in effect.
     *
     * @return the options this instance was created with
     */
    public LegacyOptions options() {
        return engine.options();
    }

    /**
     * Restores a legacy session into {@code target}, which must not exist or be an empty directory. On
     * success the directory (mode 0700) holds exactly the stored tree; on failure {@code target} is as it
     * was and nothing was written anywhere else.
     *
     * @param id the session to restore
     * @param target the directory to restore into; it must not exist or must be empty
     * @return what the restore wrote
     * @throws io.browserstate.api.SessionNotFoundException when the key is missing or holds an empty
     *     string (which the original readers treat as "no session")
     * @throws io.browserstate.api.CorruptDataException when the value is corrupt or hostile
     */
    public LegacyRestoreResult restore(SessionId id, Path target) {
        return engine.restore(id, target);
    }

    /**
     * The format, size, TTL and metadata of a legacy session, without downloading it; empty when missing.
     *
     * @param id the session
     * @return what is known about the session, or empty when its key is missing or holds an empty string
     */
    public Optional<LegacySessionInfo> info(SessionId id) {
        return engine.info(id);
    }

    /**
     * Whether the legacy session key holds a non-empty value.
     *
     * @param id the session
     * @return {@code true} when the key holds a non-empty value
     */
    public boolean exists(SessionId id) {
        return engine.exists(id);
    }

    /**
     * A user's legacy sessions, sorted, found with {@code SCAN} (metadata keys are not sessions).
     *
     * @param userId the user whose sessions to list
     * @return the user's sessions, sorted; empty when there are none
     */
    public List<SessionId> list(String userId) {
        return engine.list(userId);
    }

    /**
     * Every legacy session under the prefix, sorted, found with {@code SCAN}.
     *
     * @return every session under the key prefix, sorted; empty when there are none
     */
    public List<SessionId> listAll() {
        return engine.listAll();
    }

    /**
     * Migrates one session into {@code target}.
     *
     * @param id the session to migrate
     * @param target the native manager that receives the session
     * @param options how to migrate, e.g. as a dry run
     * @return what the migration did, or in a dry run would do
     * @throws io.browserstate.api.SessionNotFoundException when there is no legacy value
     * @throws io.browserstate.api.CorruptDataException when the legacy value is corrupt or hostile
     */
    public MigrationResult migrate(SessionId id, BrowserStateManager target, MigrationOptions options) {
        return engine.migrate(id, target, options);
    }

    /**
     * Migrates every legacy session of one user; a failing session is reported, not thrown.
     *
     * @param userId the user whose sessions to migrate
     * @param target the native manager that receives the sessions
     * @param options how to migrate, e.g. as a dry run
     * @return one result per legacy session of the user, failures included
     */
    public MigrationReport migrateUser(String userId, BrowserStateManager target, MigrationOptions options) {
        return engine.migrateAll(engine.list(userId), target, options);
    }

    /**
     * Migrates every legacy session under the prefix; a failing session is reported, not thrown.
     *
     * @param target the native manager that receives the sessions
     * @param options how to migrate, e.g. as a dry run
     * @return one result per legacy session under the prefix, failures included
     */
    public MigrationReport migrateAll(BrowserStateManager target, MigrationOptions options) {
        return engine.migrateAll(engine.listAll(), target, options);
    }

    /**
     * Stores {@code profileDirectory} as a {@code ts-zip-v2} value with its metadata
     * ({@code {"timestamp":…,"fileCount":0,"version":"2.0","encrypted":false}}), so that the original
     * TypeScript and Python readers can open it. With a TTL both keys are written with {@code SETEX}.
     *
     * @param id the session to write
     * @param profileDirectory the profile directory to store
     * @param ttl expiry of both keys, at least one second, or {@code null} for none
     * @return what was stored
     */
    public LegacyWriteResult writeLegacyZip(SessionId id, Path profileDirectory, Duration ttl) {
        return engine.write(id, profileDirectory, ttl);
    }

    /**
     * Deletes the legacy value and its metadata; returns whether the value existed.
     *
     * @param id the session to delete
     * @return {@code true} when the value existed
     */
    public boolean delete(SessionId id) {
        return engine.delete(id);
    }

    /**
     * Wraps a native manager for mixed fleets. Its {@code mount} and {@code restore} first migrate a
     * legacy value that is newer than the native session (or the only copy); with
     * {@link LegacyOptions#writeBack()} every save — a mount's checkpoint or close, or {@code save} —
     * also writes the profile back as a legacy ZIP value (after the native snapshot is published, with
     * {@link LegacyOptions#writeBackTtl()}), so TypeScript and Python workers see what Java saved.
     * {@code exists}, {@code info} and {@code list} see both layouts; {@code delete} removes both.
     * Closing it closes {@code nativeManager}, not this object.
     *
     * @param nativeManager the native manager to wrap
     * @return a manager that works on both the native and the legacy layout
     */
    public BrowserStateManager mirroring(BrowserStateManager nativeManager) {
        return new MirroringManager(engine, nativeManager);
    }

    /** Closes the Redis connection (and the client, when this object created it). */
    @Override
    public void close() {
        engine.close();
    }
}
