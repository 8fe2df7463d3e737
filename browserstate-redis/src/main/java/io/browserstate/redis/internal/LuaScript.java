package io.browserstate.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run with {@code EVALSHA}, falling back to {@code EVAL} (which also loads it) when the
 * node answers {@code NOSCRIPT}.
 *
 * @param name for messages
 * @param source the Lua source
 * @param sha1 lower-case hex SHA-1 of the source, as Redis names scripts
 */
public record LuaScript(String name, byte[] source, String sha1) {

    /** A script from its source. */
    public static LuaScript of(String name, String source) {
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        try {
            return new LuaScript(name, bytes, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
