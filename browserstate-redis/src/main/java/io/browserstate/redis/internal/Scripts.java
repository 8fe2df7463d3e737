package io.browserstate.redis.internal;

/**
 * The Lua scripts that make the multi-key steps atomic. Every key a script touches shares one hash
 * tag (the session's, or for a shared space the user's), so each runs on one Cluster node. Blob keys
 * are derived inside the scripts from the blob-key prefix and the ids (same slot). Claim times are the
 * server's {@code TIME} in milliseconds, read inside the scripts, so that workers whose clocks differ
 * still agree.
 */
final class Scripts {

    /**
     * Gives every session key but the lease the same expiry: head, blobs set, fence and each blob.
     * {@code ttl > 0} sets it ({@code PEXPIRE}); {@code ttl == 0} removes it ({@code PERSIST}), so that a
     * session saved with a TTL and then without one keeps all of its keys, not just the head.
     */
    private static final String SET_EXPIRY = """
            local function expiry(head, blobs, fence, blobPrefix, ttl)
              local function apply(key)
                if ttl > 0 then redis.call('PEXPIRE', key, ttl) else redis.call('PERSIST', key) end
              end
              apply(head)
              apply(blobs)
              apply(fence)
              for _, id in ipairs(redis.call('SMEMBERS', blobs)) do
                apply(blobPrefix .. id)
              end
            end
            """;

    /**
     * Gives a shared key an expiry that only grows: with a TTL, a key this script created gets it and an
     * existing one is extended to it ({@code GT}: a persistent key stays persistent); without one the key
     * is made persistent, since sessions saved with and without a TTL may share it.
     */
    private static final String EXTEND = """
            local function extend(key, ttl, existed)
              if ttl <= 0 then
                redis.call('PERSIST', key)
              elseif existed == 0 then
                redis.call('PEXPIRE', key, ttl)
              else
                redis.call('PEXPIRE', key, ttl, 'GT')
              end
            end
            """;

    /** The server's clock in milliseconds, as a Lua function. */
    private static final String NOW = """
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            """;

    /**
     * Head compare-and-set. KEYS: head, lease, blobs, fence. ARGV: expected version, lease token or
     * '', ttl ms or '0' (no TTL: every key of the session is made persistent), blob-key prefix, publish
     * deadline in server ms or '', then field/value pairs. Returns 1 when published, 0 on a version
     * mismatch, -1 when the lease is not (any more) the given one, -2 when the server's clock is past
     * the deadline.
     */
    static final LuaScript COMPARE_AND_SET_HEAD = LuaScript.of("compare-and-set head", SET_EXPIRY + NOW + """
            local current = redis.call('HGET', KEYS[1], 'version')
            if not current then current = '0' end
            if current ~= ARGV[1] then return 0 end
            if ARGV[2] ~= '' then
              local held = redis.call('GET', KEYS[2])
              if not held or string.match(held, '^%d+') ~= ARGV[2] then return -1 end
            end
            if ARGV[5] ~= '' and now_ms() > tonumber(ARGV[5]) then return -2 end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 6))
            expiry(KEYS[1], KEYS[3], KEYS[4], ARGV[4], tonumber(ARGV[3]))
            return 1
            """);

    /**
     * Records an access. KEYS: head, blobs, fence. ARGV: accessedAt, ttl ms or '0' (leave the expiry
     * alone), blob-key prefix. Returns 0 when there is no head (nothing is created), else 1.
     */
    static final LuaScript TOUCH = LuaScript.of("touch", SET_EXPIRY + """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], 'accessedAt', ARGV[1])
            local ttl = tonumber(ARGV[2])
            if ttl > 0 then expiry(KEYS[1], KEYS[2], KEYS[3], ARGV[3], ttl) end
            return 1
            """);

    /**
     * Lists the blobs of a session. KEYS: blobs. ARGV: blob-key prefix. Returns the ids in the set whose
     * blob key exists, and removes the others from the set: they are ids of writes that failed after
     * their {@code SADD}, which would otherwise stay listed forever. Atomic, so an id whose blob is
     * being written is either seen with its blob or added again by the write's closing {@code SADD}.
     */
    static final LuaScript LIST_BLOBS = LuaScript.of("list blobs", """
            local present = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if redis.call('EXISTS', ARGV[1] .. id) == 1 then
                present[#present + 1] = id
              else
                redis.call('SREM', KEYS[1], id)
              end
            end
            return present
            """);

    /**
     * Takes the lease if free or held by the same owner. KEYS: lease, fence. ARGV: owner, lease ttl ms,
     * session ttl ms or '0'. Returns the fencing token (decimal string), or nil when another owner holds
     * the lease. The first token of a fence is the server time in microseconds, so tokens keep growing
     * even after the session was deleted or expired and its fence with it.
     */
    static final LuaScript ACQUIRE_LEASE = LuaScript.of("acquire lease", """
            local held = redis.call('GET', KEYS[1])
            if held and string.match(held, '^%d+ (.*)$') ~= ARGV[1] then return false end
            if redis.call('EXISTS', KEYS[2]) == 0 then
              local t = redis.call('TIME')
              redis.call('SET', KEYS[2], t[1] .. string.rep('0', 6 - string.len(t[2])) .. t[2])
            else
              redis.call('INCR', KEYS[2])
            end
            local token = redis.call('GET', KEYS[2])
            redis.call('SET', KEYS[1], token .. ' ' .. ARGV[1], 'PX', ARGV[2])
            local ttl = tonumber(ARGV[3])
            if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
            return token
            """);

    /** The lease and its remaining time. KEYS: lease. Returns {"token owner", pttl} or false. */
    static final LuaScript READ_LEASE = LuaScript.of("read lease", """
            local held = redis.call('GET', KEYS[1])
            if not held then return false end
            return {held, redis.call('PTTL', KEYS[1])}
            """);

    /** Extends the lease if still held. KEYS: lease. ARGV: "token owner", ttl ms. Returns 1 or 0. */
    static final LuaScript RENEW_LEASE = LuaScript.of("renew lease", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """);

    /** Gives the lease back if still held. KEYS: lease. ARGV: "token owner". Returns 1 or 0. */
    static final LuaScript RELEASE_LEASE = LuaScript.of("release lease", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0
            """);

    /**
     * Removes a session's head if the lease is current. KEYS: head, lease. ARGV: "token owner", or ''
     * for an unfenced delete. Returns 1 when a head was removed, 0 when there was none, -1 (removing
     * nothing) when the lease is not the given one.
     */
    static final LuaScript DELETE_HEAD = LuaScript.of("delete head", """
            if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
            return redis.call('DEL', KEYS[1])
            """);

    /**
     * Claims blobs of a shared space. KEYS: the space's sorted set. ARGV: blob-key prefix, ttl ms or
     * '0', then the ids. Each present blob gets the server's time as its score, in the same atomic step
     * as the check that it is present. Its expiry only ever grows: a TTL extends it ({@code GT}: a
     * persistent blob stays persistent), no TTL makes it persistent, since sessions saved with and
     * without a TTL may share it. Returns the ids that are missing.
     */
    static final LuaScript CLAIM_BLOBS = LuaScript.of("claim blobs", NOW + EXTEND + """
            local now = now_ms()
            local ttl = tonumber(ARGV[2])
            local existed = redis.call('EXISTS', KEYS[1])
            local missing = {}
            for i = 3, #ARGV do
              local key = ARGV[1] .. ARGV[i]
              if redis.call('EXISTS', key) == 1 then
                redis.call('ZADD', KEYS[1], now, ARGV[i])
                if ttl > 0 then redis.call('PEXPIRE', key, ttl, 'GT') else redis.call('PERSIST', key) end
              else
                missing[#missing + 1] = ARGV[i]
              end
            end
            extend(KEYS[1], ttl, existed)
            return missing
            """);

    /**
     * Stamps blobs about to be written into a shared space. KEYS: the space's sorted set. ARGV: ttl ms
     * or '0', then the ids. Runs before the {@code SET}s, so that a collection never sees a freshly
     * written blob with an old claim.
     */
    static final LuaScript STAMP_BLOBS = LuaScript.of("stamp blobs", NOW + EXTEND + """
            local now = now_ms()
            local existed = redis.call('EXISTS', KEYS[1])
            for i = 2, #ARGV do
              redis.call('ZADD', KEYS[1], now, ARGV[i])
            end
            extend(KEYS[1], tonumber(ARGV[1]), existed)
            return #ARGV - 1
            """);

    /**
     * Deletes blobs of a shared space not claimed since a time. KEYS: the space's sorted set. ARGV:
     * blob-key prefix, cutoff in server ms, then the ids. A blob is deleted (and dropped from the set)
     * only when its score is below the cutoff, checked atomically with the deletion; returns how many
     * went.
     */
    static final LuaScript DELETE_UNCLAIMED = LuaScript.of("delete unclaimed blobs", """
            local cutoff = tonumber(ARGV[2])
            local deleted = 0
            for i = 3, #ARGV do
              local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
              if not score or tonumber(score) < cutoff then
                deleted = deleted + redis.call('UNLINK', ARGV[1] .. ARGV[i])
                redis.call('ZREM', KEYS[1], ARGV[i])
              end
            end
            return deleted
            """);

    /**
     * Adds a session to its user's index. KEYS: the index. ARGV: session id, ttl ms or '0'. The index's
     * expiry only grows (see {@code EXTEND}), since sessions saved with and without a TTL share it.
     */
    static final LuaScript INDEX_SESSION = LuaScript.of("index session", EXTEND + """
            local existed = redis.call('EXISTS', KEYS[1])
            redis.call('ZADD', KEYS[1], 0, ARGV[1])
            extend(KEYS[1], tonumber(ARGV[2]), existed)
            return 1
            """);

    private Scripts() {
    }
}
