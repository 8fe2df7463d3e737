package io.browserstate.redis.internal;

import io.browserstate.api.SessionId;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link Head} as the fields of a Redis hash: the SPI's {@link HeadFields} as bytes. */
final class RedisHeads {

    private RedisHeads() {
    }

    /** The fields as alternating name and value bytes, for a script's arguments. */
    static List<byte[]> toArguments(Head head) {
        List<byte[]> args = new ArrayList<>();
        HeadFields.toFields(head).forEach((k, v) -> {
            args.add(k.getBytes(StandardCharsets.UTF_8));
            args.add(v.getBytes(StandardCharsets.UTF_8));
        });
        return args;
    }

    /** Reads a head from {@code HGETALL}'s reply; a malformed one is {@link io.browserstate.api.CorruptDataException}. */
    static Head fromHash(SessionId id, Map<String, byte[]> raw) {
        Map<String, String> f = new LinkedHashMap<>();
        raw.forEach((k, v) -> f.put(k, new String(v, StandardCharsets.UTF_8)));
        return HeadFields.fromFields(id, f, "Redis");
    }
}
