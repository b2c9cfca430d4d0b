package dev.gatehouse.auth.revocation;

import dev.gatehouse.protocol.RevocationEvent;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes {@code {"sid","userId","seq","revokedAt"}} on the Redis revocation channel ({@code
 * revokedAt} ISO-8601, so gateways can measure how long the news took). Sends happen on one
 * background thread so a slow or absent Redis never delays a logout; a failure is logged at WARN
 * and dropped, because gateways also poll {@code /internal/revocations} and catch up from there.
 */
final class RedisRevocationPublisher implements RevocationPublisher, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(RedisRevocationPublisher.class);

  /** Bounded: during a long Redis outage the oldest news is in the database log anyway. */
  private static final int QUEUE_CAPACITY = 10_000;

  private final StringRedisTemplate redis;
  private final JsonMapper json;
  private final String channel;
  private final ThreadPoolExecutor executor;

  RedisRevocationPublisher(StringRedisTemplate redis, JsonMapper json, String channel) {
    Assert.notNull(redis, "redis cannot be null");
    Assert.notNull(json, "json cannot be null");
    Assert.hasText(channel, "channel cannot be empty");
    this.redis = redis;
    this.json = json;
    this.channel = channel;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_CAPACITY),
            new CustomizableThreadFactory("revocation-publisher-"),
            (task, pool) -> log.warn("Revocation publish queue full; dropping one message"));
  }

  @Override
  public void publish(List<RevocationEvent> events) {
    for (RevocationEvent event : events) {
      executor.execute(() -> send(event));
    }
  }

  private void send(RevocationEvent event) {
    try {
      String message =
          // Announcements carry no reason: gateways only need to know what to evict.
          json.writeValueAsString(event.announcement());
      redis.convertAndSend(channel, message);
    } catch (RuntimeException ex) {
      log.warn(
          "Could not publish revocation seq={} sid={} on Redis channel {} ({}); gateways will"
              + " pick it up from /internal/revocations",
          event.seq(),
          event.sid(),
          channel,
          ex.toString());
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "RedisRevocationPublisher[channel=" + channel + "]";
  }
}
