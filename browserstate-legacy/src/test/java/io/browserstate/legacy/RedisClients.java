package io.browserstate.legacy;

import io.browserstate.redis.junit.RedisServer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/** A test's own Lettuce connection to a server of {@code browserstate-redis-junit}: keys as text, values as bytes. */
record RedisClients(RedisClient client, StatefulRedisConnection<String, byte[]> connection) implements AutoCloseable {

    /** {@code rename-command KEYS ""}: any code path that lists with KEYS fails against these servers. */
    static final String NO_KEYS = "rename-command KEYS \"\"";

    static RedisClients open(RedisServer server) {
        RedisClient client = RedisClient.create(server.uri().toString());
        return new RedisClients(client, client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)));
    }

    RedisCommands<String, byte[]> sync() {
        return connection.sync();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown();
        }
    }
}
