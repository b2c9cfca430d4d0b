package dev.gatehouse.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.testsupport.time.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The rate-limited WARN line and the counter, on an injected clock. */
class UpstreamFailureLogTests {

  static final Duration INTERVAL = Duration.ofSeconds(30);

  final TestClock clock = new TestClock();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final UpstreamFailureLog failures =
      new UpstreamFailureLog(meters, clock, new UpstreamFailureProperties(INTERVAL));
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  final Exception refused =
      new RuntimeException(new ConnectException("Connection refused: /10.0.0.7:8081"));

  @BeforeEach
  void attach() {
    logged.start();
    logger().addAppender(logged);
  }

  @AfterEach
  void detach() {
    logger().detachAppender(logged);
  }

  @Test
  void recordWhenFirstFailureThenOneWarnNamingRouteKindAndCause() {
    failures.record("demo-backend", UpstreamFailure.REFUSED, false, refused);

    assertThat(logged.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel().toString()).isEqualTo("WARN");
              assertThat(event.getFormattedMessage())
                  .contains("route 'demo-backend'")
                  .contains("kind=refused")
                  .contains("status=502")
                  .contains("failures=1")
                  .contains("ConnectException: Connection refused: /10.0.0.7:8081");
              assertThat(event.getThrowableProxy()).isNull();
            });
  }

  @Test
  void recordWhenFailingWithinIntervalThenCountedButNotLoggedAgain() {
    for (int i = 0; i < 100; i++) {
      failures.record("demo-backend", UpstreamFailure.REFUSED, false, refused);
      clock.advance(Duration.ofMillis(100));
    }

    assertThat(logged.list).hasSize(1);
    assertThat(count("demo-backend", "refused")).isEqualTo(100);
  }

  @Test
  void recordWhenIntervalPassedThenNextLineCountsFailuresSinceTheLastLine() {
    failures.record("demo-backend", UpstreamFailure.REFUSED, false, refused);
    for (int i = 0; i < 41; i++) {
      clock.advance(Duration.ofMillis(500));
      failures.record("demo-backend", UpstreamFailure.REFUSED, false, refused);
    }
    // 20.5 s in: still one line; 10 s more, and the next failure writes the second.
    clock.advance(Duration.ofSeconds(10));
    failures.record("demo-backend", UpstreamFailure.REFUSED, false, refused);

    assertThat(logged.list).hasSize(2);
    assertThat(logged.list.get(1).getFormattedMessage()).contains("failures=42");
    assertThat(count("demo-backend", "refused")).isEqualTo(43);
  }

  @Test
  void recordWhenOtherRouteOrKindThenItsOwnLine() {
    failures.record("demo-backend", UpstreamFailure.REFUSED, false, refused);
    failures.record("demo-backend", UpstreamFailure.RESPONSE_TIMEOUT, false, refused);
    failures.record("login", UpstreamFailure.REFUSED, false, refused);
    failures.record("login", UpstreamFailure.REFUSED, false, refused);

    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            line -> assertThat(line).contains("'demo-backend'").contains("kind=refused"),
            line -> assertThat(line).contains("'demo-backend'").contains("kind=response-timeout"),
            line -> assertThat(line).contains("'login'").contains("kind=refused"));
    assertThat(count("login", "refused")).isEqualTo(2);
  }

  @Test
  void recordWhenResponseHadBegunThenLineSaysItWasCutOff() {
    failures.record("demo-backend", UpstreamFailure.RESET, true, refused);

    assertThat(logged.list.get(0).getFormattedMessage()).contains("cut off");
  }

  private double count(String route, String kind) {
    return meters.counter("gatehouse.upstream.failures", "route", route, "kind", kind).count();
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger(UpstreamFailureLog.class);
  }
}
