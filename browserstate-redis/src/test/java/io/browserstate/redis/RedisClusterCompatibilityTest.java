package io.browserstate.redis;

import io.browserstate.redis.junit.RedisCluster;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.tck.StorageProviderCompatibilityKit;
import java.net.URI;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole compatibility kit against a three-master Redis Cluster made with redis-cli --cluster create. */
@ExtendWith(RedisExtension.class)
class RedisClusterCompatibilityTest extends StorageProviderCompatibilityKit {

    private final RedisCluster cluster;

    RedisClusterCompatibilityTest(RedisCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    protected URI storageUri() {
        return cluster.uri();
    }
}
