package dev.gatehouse.auth.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.protocol.RevocationEvent;
import dev.gatehouse.testsupport.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Revocations published on Redis after commit, and unharmed when Redis is down. */
@TestPropertySource(properties = "gatehouse.revocation.publish=true")
@ExtendWith(OutputCaptureExtension.class)
class RevocationPublishingIntegrationTests extends AbstractIntegrationTests {

  private static final TestRedis redis = TestRedis.start();

  @Autowired private RevocationService revocations;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    redis.register(registry);
  }

  @AfterEach
  void redisRunning() {
    redis.startAgain();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void revokeSessionWhenRedisUpThenPublishedAfterCommitWithRevocationTime() throws Exception {
    TestUser user = createUser("user");
    LoggedIn session = login(user);
    RedisClient client = RedisClient.create("redis://" + redis.host() + ":" + redis.port());
    try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub()) {
      BlockingQueue<String> messages = new LinkedBlockingQueue<>();
      subscriber.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              messages.add(channel + " " + message);
            }
          });
      subscriber.sync().subscribe("gatehouse:revocations");

      RevocationEvent event =
          revocations.revokeSession(session.sid(), user.id().toString(), "logout").orElseThrow();

      assertThat(messages.poll(10, TimeUnit.SECONDS))
          .isEqualTo(
              ("gatehouse:revocations"
                      + " {\"sid\":\"%s\",\"userId\":\"%s\",\"seq\":%d,\"revokedAt\":\"%s\"}")
                  .formatted(session.sid(), user.id(), event.seq(), event.revokedAt()));
    } finally {
      client.shutdown();
    }
  }

  @Test
  void announceAccountChangedWhenRedisUpThenChangedEntryPublishedAndSessionStaysActive()
      throws Exception {
    TestUser user = createUser("user", "admin");
    LoggedIn session = login(user);
    RedisClient client = RedisClient.create("redis://" + redis.host() + ":" + redis.port());
    try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub()) {
      BlockingQueue<String> messages = new LinkedBlockingQueue<>();
      subscriber.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              messages.add(message);
            }
          });
      subscriber.sync().subscribe("gatehouse:revocations");

      List<RevocationEvent> events =
          revocations.announceAccountChanged(
              user.id(), dev.gatehouse.auth.audit.Actor.of("test"), "roles-changed");

      assertThat(events).singleElement().satisfies(event -> assertThat(event.isChange()).isTrue());
      assertThat(messages.poll(10, TimeUnit.SECONDS))
          .isEqualTo(
              "{\"sid\":\"%s\",\"userId\":\"%s\",\"seq\":%d,\"revokedAt\":\"%s\",\"kind\":\"changed\"}"
                  .formatted(
                      session.sid(), user.id(), events.get(0).seq(), events.get(0).revokedAt()));
      assertThat(isActive(session)).isTrue();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void revokeSessionWhenRedisDownThenRevokedAndLoggedAnyway(CapturedOutput output) {
    TestUser user = createUser("user");
    LoggedIn session = login(user);
    redis.stop();

    long start = System.nanoTime();
    RevocationEvent event =
        revocations.revokeSession(session.sid(), user.id().toString(), "logout").orElseThrow();

    // A generous ceiling: the revocation must not wait on Redis for long (how fast is the
    // benchmark's business); Redis' own command timeout is 1 s.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(introspect(session.token())).bodyJson().isStrictlyEqualTo("{\"active\":false}");
    assertThat(revocationReasons(session.sid())).containsExactly("logout");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(output.getAll())
                    .contains("Could not publish revocation seq=" + event.seq()));
  }
}
