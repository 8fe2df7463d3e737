package io.browserstate.redis.junit;

import java.net.URI;
import java.util.List;

/**
 * A Sentinel setup on 127.0.0.1: one master, one replica in sync with it, and three sentinels that
 * monitor the master (quorum 2) and know of each other and of the replica. Always runs on the local
 * {@code redis-server} binary (in sentinel mode for the sentinels).
 *
 * @since 0.1
 */
public interface RedisSentinel extends AutoCloseable {

    /** Name under which the sentinels monitor the master. */
    String DEFAULT_MASTER_NAME = "mymaster";

    /**
     * The sentinels in Lettuce's grammar:
     * {@code redis-sentinel://[password@]127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/0#mymaster}.
     *
     * @return the URI of the three sentinels and the master name
     */
    URI uri();

    /**
     * Name under which the sentinels monitor the master.
     *
     * @return the master name
     */
    String masterName();

    /**
     * The master data node.
     *
     * @return the master
     */
    RedisServer master();

    /**
     * The replica data node.
     *
     * @return the replica of the master
     */
    RedisServer replica();

    /**
     * The three sentinel processes.
     *
     * @return the sentinels
     */
    List<RedisServer> sentinels();

    /** Stops the sentinels, the replica and the master and removes their files. */
    @Override
    void close();
}
