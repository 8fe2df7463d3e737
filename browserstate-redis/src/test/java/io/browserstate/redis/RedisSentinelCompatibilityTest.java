package io.browserstate.redis;

import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisSentinel;
import io.browserstate.tck.StorageProviderCompatibilityKit;
import java.net.URI;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole compatibility kit through three sentinels (one master, one replica). */
@ExtendWith(RedisExtension.class)
class RedisSentinelCompatibilityTest extends StorageProviderCompatibilityKit {

    private final RedisSentinel sentinel;

    RedisSentinelCompatibilityTest(RedisSentinel sentinel) {
        this.sentinel = sentinel;
    }

    @Override
    protected URI storageUri() {
        return sentinel.uri();
    }
}
