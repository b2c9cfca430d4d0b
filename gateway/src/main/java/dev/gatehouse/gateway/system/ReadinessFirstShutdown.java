package dev.gatehouse.gateway.system;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The pause between "not ready" and "not listening" at shutdown. Spring Boot marks readiness {@code
 * REFUSING_TRAFFIC} as the context begins to close, then publishes {@link ContextClosedEvent}, then
 * stops the web server gracefully (no new connections, requests in flight finish). Without a pause
 * those are microseconds apart and a load balancer keeps sending to a closed port until its next
 * health check: this listener holds the close for {@code gatehouse.shutdown.readiness-delay} while
 * everything still serves. First among the listeners, so the management server (a child context
 * closed by the same event) still answers 503 on the readiness probe meanwhile.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class ReadinessFirstShutdown implements ApplicationListener<ContextClosedEvent> {

  private static final Logger log = LoggerFactory.getLogger(ReadinessFirstShutdown.class);

  private final Duration delay;
  private final ApplicationAvailability availability;
  private final ApplicationContext context;

  ReadinessFirstShutdown(
      ShutdownProperties properties,
      ApplicationAvailability availability,
      ApplicationContext context) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(availability, "availability cannot be null");
    Assert.notNull(context, "context cannot be null");
    this.delay = properties.readinessDelay();
    this.availability = availability;
    this.context = context;
  }

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    // The management server's child context announces its own close here too: only ours counts.
    if (delay.isZero() || event.getApplicationContext() != context) {
      return;
    }
    log.info(
        "shutting down: readiness is {}, still serving for {} before draining in-flight requests",
        availability.getReadinessState(),
        delay);
    try {
      // The shutdown thread, not a request thread: waiting here is the point.
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ReadinessFirstShutdown[delay=" + delay + "]";
  }
}
