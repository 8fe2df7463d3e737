package io.browserstate.redis.junit;

import java.net.URI;
import java.util.List;

/**
 * A Redis Cluster of three masters (no replicas) on 127.0.0.1, made with
 * {@code redis-cli --cluster create}, every hash slot assigned and the cluster state {@code ok}.
 * Always runs on the local {@code redis-server} binary.
 *
 * @since 0.1
 */
public interface RedisCluster extends AutoCloseable {

    /**
     * The seed nodes as a BrowserState cluster URI:
     * {@code redis-cluster://[:password@]127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}.
     *
     * @return the cluster URI, with the password when the nodes require one
     */
    URI uri();

    /**
     * The master nodes, in the order their ports appear in {@link #uri()}.
     *
     * @return the three master nodes
     */
    List<RedisServer> nodes();

    /**
     * Runs {@code redis-cli -c} (cluster mode: redirections followed) against the first node. Note that
     * {@code --scan} then covers that node only; use each of {@link #nodes()} to see every key.
     *
     * @param args the arguments after {@code -c}: a command and its arguments, or options
     * @return what {@code redis-cli} printed
     */
    String cli(String... args);

    /** Stops every node and removes their files. */
    @Override
    void close();
}
