package io.browserstate.redis.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisClusterAndSentinelTest {

    @Test
    @DisplayName("the cluster has three masters covering every slot, and keys spread over them")
    void clusterCoversAllSlotsWithThreeMasters(RedisCluster cluster) {
        assertThat(cluster.nodes()).hasSize(3);
        assertThat(cluster.uri().toString()).startsWith("redis-cluster://127.0.0.1:");
        for (RedisServer node : cluster.nodes()) {
            String info = node.cli("CLUSTER", "INFO");
            assertThat(info).contains("cluster_state:ok").contains("cluster_slots_assigned:16384").contains("cluster_size:3");
        }
        for (int i = 0; i < 30; i++) {
            assertThat(cluster.cli("SET", "key" + i, "v" + i).strip()).isEqualTo("OK");
        }
        Set<Integer> nodesWithKeys = new HashSet<>();
        for (int n = 0; n < 3; n++) {
            if (Integer.parseInt(cluster.nodes().get(n).cli("DBSIZE").strip()) > 0) {
                nodesWithKeys.add(n);
            }
        }
        assertThat(nodesWithKeys).hasSize(3);
        assertThat(cluster.cli("GET", "key7").strip()).isEqualTo("v7");
    }

    @Test
    @DisplayName("the sentinels name the master, know the replica and each other, wait 30 s before calling it down, and the replica follows the master")
    void sentinelsKnowMasterReplicaAndEachOther(RedisSentinel sentinel) {
        assertThat(sentinel.sentinels()).hasSize(3);
        for (RedisServer s : sentinel.sentinels()) {
            String addr = s.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", sentinel.masterName());
            assertThat(addr.lines().map(String::strip).toList()).containsExactly("127.0.0.1", Integer.toString(sentinel.master().port()));
            List<String> master = s.cli("SENTINEL", "MASTER", sentinel.masterName()).lines().map(String::strip).toList();
            assertThat(master.get(master.indexOf("down-after-milliseconds") + 1)).as("no failover on a slow machine").isEqualTo("30000");
        }
        sentinel.master().cli("SET", "replicated", "yes");
        sentinel.master().cli("WAIT", "1", "5000");
        assertThat(sentinel.replica().cli("GET", "replicated").strip()).isEqualTo("yes");
        assertThat(sentinel.uri().toString()).startsWith("redis-sentinel://127.0.0.1:").endsWith("/0#mymaster");
    }
}
