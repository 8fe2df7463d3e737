package io.browserstate.redis;

import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.spi.KeyProvider;
import io.browserstate.tck.StorageProviderCompatibilityKit;
import java.net.URI;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole compatibility kit against a real standalone redis-server, with encryption on. */
@ExtendWith(RedisExtension.class)
class EncryptedRedisCompatibilityTest extends StorageProviderCompatibilityKit {

    private final RedisServer redis;

    EncryptedRedisCompatibilityTest(RedisServer redis) {
        this.redis = redis;
    }

    @Override
    protected URI storageUri() {
        return redis.uri();
    }

    @Override
    protected KeyProvider keyProvider() {
        return generatedKey();
    }
}
