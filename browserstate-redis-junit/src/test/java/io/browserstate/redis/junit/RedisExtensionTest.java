package io.browserstate.redis.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

class RedisExtensionTest {

    /** What the sample classes saw, read by the outer test after the run. */
    static final List<RedisServer> SEEN = Collections.synchronizedList(new ArrayList<>());

    /** Asks for local processes: the outer test looks at their data directories after the run. */
    @ExtendWith(RedisExtension.class)
    @RedisConfig(local = true)
    static class SampleTest {
        private final RedisServer fromConstructor;

        SampleTest(RedisServer redis) {
            this.fromConstructor = redis;
        }

        @Test
        void stopsTheServer(RedisServer redis) {
            SEEN.add(redis);
            assertThat(redis).isSameAs(fromConstructor);
            redis.stop();
        }

        @Test
        void getsARunningServerAgain(RedisServer redis) {
            SEEN.add(redis);
            assertThat(redis.isRunning()).isTrue();
            assertThat(redis.cli("PING").strip()).isEqualTo("PONG");
        }

        @Test
        void configuredParameterGetsItsOwnServer(@RedisConfig(appendOnly = true, local = true) RedisServer persistent) {
            SEEN.add(persistent);
            assertThat(persistent.cli("CONFIG", "GET", "appendonly")).contains("yes");
        }

        @Nested
        class Inner {
            @Test
            void nestedClassSharesTheServer(RedisServer redis) {
                SEEN.add(redis);
                assertThat(redis).isSameAs(fromConstructor);
            }
        }
    }

    @Test
    @DisplayName("one server per class and configuration, restarted for each test, stopped when the class is done")
    void serversAreSharedPerClassAndStoppedAfterIt() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(SampleTest.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(SEEN).hasSize(4);
        assertThat(SEEN.stream().distinct().count()).isEqualTo(2);
        for (RedisServer server : SEEN) {
            assertThat(server.kind()).as("@RedisConfig(local = true)").isEqualTo(RedisServer.Kind.LOCAL);
            assertThat(server.isRunning()).as("stopped after the class: " + server).isFalse();
            assertThat(server.dataDirectory().orElseThrow()).doesNotExist();
        }
    }
}
