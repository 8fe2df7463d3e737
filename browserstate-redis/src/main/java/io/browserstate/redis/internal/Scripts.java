package io.browserstate.redis.internal;

/**
 * The Lua scripts that make the multi-key steps atomic. Every key a script touches shares the
 * session's hash tag, so each runs on one Cluster node. Blob keys are derived inside the scripts from
 * the blob-key prefix and the ids in the blobs set (same slot).
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
     * Head compare-and-set. KEYS: head, lease, blobs, fence. ARGV: expected version, lease token or
     * '', ttl ms or '0' (no TTL: every key of the session is made persistent), blob-key prefix, then
     * field/value pairs. Returns 1 when published, 0 on a version mismatch, -1 when the lease is not
     * (any more) the given one.
     */
    static final LuaScript COMPARE_AND_SET_HEAD = LuaScript.of("compare-and-set head", SET_EXPIRY + """
            local current = redis.call('HGET', KEYS[1], 'version')
            if not current then current = '0' end
            if current ~= ARGV[1] then return 0 end
            if ARGV[2] ~= '' then
              local held = redis.call('GET', KEYS[2])
              if not held or string.match(held, '^%d+') ~= ARGV[2] then return -1 end
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 5))
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
     * Takes the lease if free. KEYS: lease, fence. ARGV: owner, lease ttl ms, session ttl ms or '0'.
     * Returns the fencing token (decimal string), or nil when someone holds the lease. The first token
     * of a fence is the server time in microseconds, so tokens keep growing even after the session was
     * deleted or expired and its fence with it.
     */
    static final LuaScript ACQUIRE_LEASE = LuaScript.of("acquire lease", """
            if redis.call('EXISTS', KEYS[1]) == 1 then return false end
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
     * Deletes blobs while the lease is current. KEYS: lease, blobs. ARGV: "token owner", blob-key prefix,
     * then the ids. Returns 1 when deleted, 0 (deleting nothing) when the lease is not the given one:
     * released, lapsed or taken over. The check and the deletion are one atomic step, like the head's
     * compare-and-set, so a stalled writer never deletes what the lease's next holder published.
     */
    static final LuaScript DELETE_BLOBS = LuaScript.of("delete blobs", """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            for i = 3, #ARGV do
              redis.call('UNLINK', ARGV[2] .. ARGV[i])
            end
            redis.call('SREM', KEYS[2], unpack(ARGV, 3))
            return 1
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

    private Scripts() {
    }
}
