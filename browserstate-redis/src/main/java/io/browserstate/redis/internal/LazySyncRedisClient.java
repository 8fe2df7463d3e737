package io.browserstate.redis.internal;

import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RedisClient} whose connections build their synchronous API on first use instead of in their
 * constructor.
 *
 * <p>Lettuce's {@code StatefulRedisConnectionImpl} builds the synchronous proxy eagerly. For the first
 * connection of a JVM, generating a proxy class for those methods and mapping each to its asynchronous twin by reflection
 * took more of a new process than the rest of connecting (measured on the CLI, 2 cores). This library sends
 * its commands through the asynchronous API, so a short-lived process (a CLI command, a worker that
 * restores once) no longer pays for that unless something calls {@code sync()}, which then builds
 * Lettuce's own synchronous API, once per connection.
 */
final class LazySyncRedisClient extends RedisClient {

    LazySyncRedisClient(ClientResources resources) {
        super(resources, new RedisURI());
    }

    @Override
    protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter writer, PushHandler pushHandler,
            RedisCodec<K, V> codec, Duration timeout) {
        return new LazySyncConnection<>(writer, pushHandler, codec, timeout, this);
    }

    private static final class LazySyncConnection<K, V> extends StatefulRedisConnectionImpl<K, V> {
        private volatile @Nullable RedisCommands<K, V> sync;

        LazySyncConnection(RedisChannelWriter writer, PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout, RedisClient client) {
            super(writer, pushHandler, codec, timeout, client.getOptions().getJsonParser());
        }

        /**
         * Called by the superclass's constructor, whose field it fills: none. Only {@link #sync()} reads that
         * field in Lettuce, and it is overridden below.
         */
        @Override
        protected @Nullable RedisCommands<K, V> newRedisSyncCommandsImpl() {
            return null;
        }

        @Override
        public RedisCommands<K, V> sync() {
            RedisCommands<K, V> s = sync;
            if (s == null) {
                synchronized (this) {
                    s = sync;
                    if (s == null) {
                        s = super.newRedisSyncCommandsImpl();
                        sync = s;
                    }
                }
            }
            return s;
        }
    }
}
