package dev.gatehouse.gateway.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.gateway.revocation.RevocationFeedClient.FeedPage;
import dev.gatehouse.protocol.RevocationEvent;
import dev.gatehouse.testsupport.time.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The feed poller while auth-service's revocation log fails and after it is back, in virtual time:
 * polls back off exponentially with jitter up to {@code max-backoff} instead of hammering a failing
 * auth-service; one WARN when the feed starts failing and one INFO when it is back, not a line per
 * poll; the failure count and the age of the last success are metered; and the first good poll
 * reads, page by page, every revocation written meanwhile — none is lost.
 */
class RevocationFeedPollerTests {

  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  final TestClock clock = new TestClock();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final RevocationApplier applier = mock(RevocationApplier.class);
  final FakeFeed feed = new FakeFeed();
  final List<RevocationEvent> applied = new CopyOnWriteArrayList<>();
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(RevocationFeedPoller.class);
  RevocationFeedPoller poller;

  @BeforeEach
  void start() {
    when(applier.apply(any(), anyString(), anyBoolean()))
        .thenAnswer(
            call -> {
              applied.add(call.getArgument(0));
              return Mono.empty();
            });
    logs.start();
    logger.addAppender(logs);
    RevocationProperties properties =
        new RevocationProperties(
            URI.create("http://auth-service.test/internal/revocations"),
            INTERVAL,
            MAX_BACKOFF,
            "gatehouse:revocations",
            true,
            Duration.ofMinutes(15));
    poller = new RevocationFeedPoller(feed.client(), properties, applier, clock, meters, time);
    poller.start();
  }

  @AfterEach
  void stop() {
    poller.stop();
    logger.detachAppender(logs);
    time.dispose();
  }

  @Test
  void pollWhenFeedAnswersThenEveryPollInterval() {
    advance(Duration.ofSeconds(10));

    assertThat(gaps()).isNotEmpty().allSatisfy(gap -> assertThat(gap).isEqualTo(INTERVAL));
  }

  @Test
  void pollWhenFeedFailsThenBacksOffExponentiallyWithJitterUpToTheCap() {
    feed.failing.set(true);
    advance(Duration.ofMinutes(5));

    List<Duration> gaps = gaps();
    // The n-th wait after n failures lies in [interval·2^n / 2, interval·2^n], capped at max.
    FeedBackoff backoff = new FeedBackoff(INTERVAL, MAX_BACKOFF);
    for (int n = 1; n < gaps.size(); n++) {
      Duration ceiling = backoff.ceiling(n);
      assertThat(gaps.get(n))
          .as("wait after %d failures", n)
          .isBetween(ceiling.dividedBy(2), ceiling);
    }
    assertThat(feed.polls.size())
        .as("five minutes of failures cost tens of polls, not 300")
        .isBetween(25, 65);
  }

  @Test
  void pollWhenFeedFailsThenOneWarnAndOneInfoWhenBackNotALinePerPoll() {
    feed.failing.set(true);
    advance(Duration.ofMinutes(2));
    feed.failing.set(false);
    advance(MAX_BACKOFF.plus(INTERVAL.multipliedBy(3)));

    assertThat(logs.list)
        .extracting(ILoggingEvent::getLevel)
        .containsExactly(Level.WARN, Level.INFO);
    assertThat(logs.list.get(0).getFormattedMessage()).contains("unreachable");
    assertThat(logs.list.get(1).getFormattedMessage()).contains("reachable again");
  }

  @Test
  void metricsWhenFeedFailsThenCountFailuresAndTheAgeOfTheLastSuccess() {
    advance(INTERVAL);
    feed.failing.set(true);
    advance(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));

    assertThat(meters.get("gatehouse.revocation.feed.failures").gauge().value()).isPositive();
    assertThat(
            meters
                .get("gatehouse.revocation.feed.last.success.age")
                .timeGauge()
                .value(TimeUnit.SECONDS))
        .isGreaterThanOrEqualTo(30);

    feed.failing.set(false);
    advance(MAX_BACKOFF.plus(INTERVAL));
    assertThat(meters.get("gatehouse.revocation.feed.failures").gauge().value()).isZero();
    assertThat(
            meters
                .get("gatehouse.revocation.feed.last.success.age")
                .timeGauge()
                .value(TimeUnit.SECONDS))
        .isZero();
  }

  @Test
  void pollWhenFeedBackAfterAnOutageThenEveryRevocationWrittenMeanwhileIsAppliedInOrder() {
    advance(INTERVAL);
    feed.failing.set(true);
    // 1 234 revocations written while the feed failed: more than two pages.
    feed.write(1_234);
    advance(Duration.ofMinutes(1));
    assertThat(applied).isEmpty();

    feed.failing.set(false);
    advance(MAX_BACKOFF.plus(INTERVAL));

    assertThat(applied)
        .extracting(RevocationEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 1_234).boxed().toList());
    assertThat(poller.position()).isEqualTo(1_234);
  }

  private void advance(Duration duration) {
    // In small steps: each poll schedules the next wait only once it has run.
    for (Duration step = Duration.ZERO; step.compareTo(duration) < 0; step = step.plusMillis(100)) {
      time.advanceTimeBy(Duration.ofMillis(100));
    }
  }

  private List<Duration> gaps() {
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < feed.polls.size(); i++) {
      gaps.add(Duration.ofNanos(feed.polls.get(i) - feed.polls.get(i - 1)));
    }
    return gaps;
  }

  /** auth-service's revocation log, in memory; fails while {@link #failing}. */
  final class FakeFeed {

    final AtomicBoolean failing = new AtomicBoolean();
    final List<RevocationEvent> log = new CopyOnWriteArrayList<>();

    /**
     * Virtual time (ns) of each poll, failed or not; pages of one poll after the first excluded.
     */
    final List<Long> polls = new CopyOnWriteArrayList<>();

    void write(int count) {
      for (int i = 0; i < count; i++) {
        log.add(
            new RevocationEvent(
                log.size() + 1, UUID.randomUUID(), UUID.randomUUID(), clock.instant(), "admin"));
      }
    }

    RevocationFeedClient client() {
      RevocationFeedClient client = mock(RevocationFeedClient.class);
      when(client.feedUri())
          .thenReturn(URI.create("http://auth-service.test/internal/revocations"));
      when(client.page(anyLong())).thenAnswer(call -> page(call.getArgument(0)));
      return client;
    }

    private Mono<FeedPage> page(long after) {
      return Mono.defer(
          () -> {
            long now = time.now(TimeUnit.NANOSECONDS);
            if (polls.isEmpty() || polls.get(polls.size() - 1) != now) {
              polls.add(now);
            }
            if (failing.get()) {
              return Mono.error(new IllegalStateException("503 from auth-service"));
            }
            List<RevocationEvent> events =
                log.stream()
                    .filter(event -> event.seq() > after)
                    .limit(RevocationFeedClient.PAGE)
                    .toList();
            long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
            return Mono.just(new FeedPage(events, next));
          });
    }
  }
}
