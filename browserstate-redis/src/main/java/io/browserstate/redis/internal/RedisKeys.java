package io.browserstate.redis.internal;

import io.browserstate.api.SessionId;

/**
 * The key layout. Every key of a session carries the hash tag {@code {userId:sessionId}}, so a session
 * lives in one Cluster slot and its keys can be used together in one script:
 *
 * <pre>
 * prefix:{user:session}:head        HASH    the head (see {@link HeadFields})
 * prefix:{user:session}:blob:&lt;id&gt;   STRING  one blob's encoded bytes, verbatim
 * prefix:{user:session}:blobs       SET     ids of the blobs written (for listing, deletion, TTL refresh)
 * prefix:{user:session}:lease       STRING  "&lt;token&gt; &lt;owner&gt;", SET NX PX
 * prefix:{user:session}:fence       STRING  counter the fencing tokens come from
 * prefix:user:{user}:sessions       ZSET    the user's session ids, score 0 (lexicographic paging)
 * </pre>
 *
 * User and session ids cannot contain {@code : { } * ? [ ]} ({@link SessionId}), so the tag is
 * unambiguous and key patterns stay literal.
 */
public final class RedisKeys {

    private final String prefix;

    /** Keys under {@code prefix} (already without a trailing colon). */
    public RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** The prefix, without a trailing colon. */
    public String prefix() {
        return prefix;
    }

    /** The keys of one session. */
    public Session session(SessionId id) {
        return new Session(prefix + ":{" + id.userId() + ":" + id.sessionId() + "}:");
    }

    /**
     * The keys of a blob space. A user's shared space sits in the user's hash tag beside the user's
     * session index: {@code <prefix>:user:{<userId>}:chunks} (a sorted set of blob ids scored by their
     * last claim, in milliseconds of the server's clock) and {@code <prefix>:user:{<userId>}:c:<id>}. A
     * format-1 space is the session's {@code blobs} set and {@code blob:<id>} keys.
     */
    public Space space(io.browserstate.spi.BlobSpace space) {
        if (space.isShared()) {
            String base = prefix + ":user:{" + space.userId() + "}:";
            return new Space(base + "chunks", base + "c:", true);
        }
        Session s = session(space.session());
        return new Space(s.blobs(), s.blobPrefix(), false);
    }

    /**
     * One blob space's keys.
     *
     * @param index the sorted set (shared) or set (format 1) listing the space's blob ids
     * @param blobPrefix prefix of each blob's key, followed by its id
     * @param shared whether it is a shared space
     */
    public record Space(String index, String blobPrefix, boolean shared) {
        public String blob(String id) {
            return blobPrefix + id;
        }
    }

    /** The user's session index. */
    public String userIndex(String userId) {
        return prefix + ":user:{" + userId + "}:sessions";
    }

    /**
     * Keys of one session.
     *
     * @param base everything up to and including the colon after the hash tag
     */
    public record Session(String base) {
        public String head() {
            return base + "head";
        }

        public String blobPrefix() {
            return base + "blob:";
        }

        public String blob(String id) {
            return base + "blob:" + id;
        }

        public String blobs() {
            return base + "blobs";
        }

        public String lease() {
            return base + "lease";
        }

        public String fence() {
            return base + "fence";
        }
    }
}
