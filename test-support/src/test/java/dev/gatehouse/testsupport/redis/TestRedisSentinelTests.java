package dev.gatehouse.testsupport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestRedisSentinelTests {

  @Test
  void killPrimaryWhenSentinelsWatchThenReplicaPromotedWithTheData() {
    try (TestRedisSentinel redis = TestRedisSentinel.start()) {
      int oldPrimary = redis.primaryPort();
      assertThat(redis.onPrimary("SET", "before", "failover")).isEqualTo("OK");
      awaitReplicated(redis);

      assertThat(redis.killPrimary()).isEqualTo(oldPrimary);
      int newPrimary = redis.awaitFailover(oldPrimary, Duration.ofSeconds(60));

      assertThat(newPrimary).isNotEqualTo(oldPrimary);
      assertThat(redis.onPrimary("GET", "before")).isEqualTo("failover");
      assertThat(redis.onPrimary("SET", "after", "failover")).isEqualTo("OK");
      assertThat(redis.sentinelNodes().split(",")).hasSize(3);
    }
  }

  private static void awaitReplicated(TestRedisSentinel redis) {
    // WAIT 1 replica, up to 5 s: the key is on the replica before the primary dies.
    assertThat(redis.onPrimary("WAIT", "1", "5000")).isEqualTo(1L);
  }
}
