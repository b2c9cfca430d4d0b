package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.testsupport.redis.TestRedis;
import dev.gatehouse.testsupport.time.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * DBSC and the introspection caches, with a real Redis as L2: every key — L1, L2, stale-if-error,
 * the sid indexes — covers the bound credential, so one session's answer with one credential is
 * never served for another (or for none); a cached {@code bound} answer counts only until its
 * {@code bound_until} on the injected clock, without a call; a revocation still drops every key of
 * the session; and a session without a bound credential costs exactly the calls it did before.
 */
class BoundCredentialCacheTests {

  static final Duration L1_TTL = Duration.ofSeconds(5);
  static final String JKT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

  static TestRedis redis;
  static LettuceConnectionFactory connections;
  static ReactiveStringRedisTemplate template;

  final TestClock clock = new TestClock(Instant.now());
  final IntrospectionClient authService = mock(IntrospectionClient.class);
  final Map<SessionCredential, Introspection> answers = new ConcurrentHashMap<>();
  final Map<SessionCredential, Integer> calls = new ConcurrentHashMap<>();
  final String token = TestSessions.newToken();
  final SessionCredential bare = SessionCredential.of(token, SessionCredential.Source.COOKIE);
  final SessionCredential first =
      SessionCredential.of(token, SessionCredential.Source.COOKIE, "bound-credential-1");
  final SessionCredential second =
      SessionCredential.of(token, SessionCredential.Source.COOKIE, "bound-credential-2");
  final String sid = "sid-" + System.nanoTime();
  final Instant boundUntil = clock.instant().plusSeconds(3);

  RedisIntrospectionCache shared;
  CachingSessionIntrospector introspector;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
    connections =
        new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
    connections.afterPropertiesSet();
    connections.start();
    template = new ReactiveStringRedisTemplate(connections);
    // The first command opens the connection: not within any test's L2 timeout.
    template.hasKey("warm-up").block(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopRedis() {
    connections.destroy();
    redis.close();
  }

  @BeforeEach
  void introspector() {
    CacheProperties properties =
        new CacheProperties(
            L1_TTL,
            Duration.ofSeconds(2),
            100,
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            "test l2 key secret",
            Duration.ofMinutes(5),
            100,
            0);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    shared =
        new RedisIntrospectionCache(
            template, JsonMapper.builder().build(), properties, clock, meters);
    introspector =
        new CachingSessionIntrospector(
            authService,
            shared,
            new RevokedSessions(Duration.ofMinutes(15), new ClockTicker(clock)),
            properties,
            clock,
            meters);
    answers.put(bare, session(DeviceBinding.UNVERIFIED));
    answers.put(first, session(DeviceBinding.bound(JKT, boundUntil)));
    answers.put(second, session(DeviceBinding.UNVERIFIED));
    // Counted when subscribed: the introspector assembles the call before it knows L2 missed.
    when(authService.introspect(any()))
        .thenAnswer(
            call -> {
              SessionCredential credential = call.getArgument(0);
              return Mono.fromSupplier(
                  () -> {
                    calls.merge(credential, 1, Integer::sum);
                    return answers.get(credential);
                  });
            });
  }

  @Test
  void keysWhenTwoBoundCredentialsForOneSessionThenTwoEntriesAtEveryLevel() {
    assertThat(first.digest()).isNotEqualTo(second.digest()).isNotEqualTo(bare.digest());
    assertThat(shared.key(first)).isNotEqualTo(shared.key(second)).isNotEqualTo(shared.key(bare));
    assertThat(first.fingerprint())
        .as("log lines of one session stay together")
        .isEqualTo(second.fingerprint());

    assertThat(binding(first)).isEqualTo(DeviceBinding.bound(JKT, boundUntil));
    assertThat(binding(second)).isEqualTo(DeviceBinding.UNVERIFIED);
    assertThat(binding(first)).isEqualTo(DeviceBinding.bound(JKT, boundUntil));
    assertThat(binding(second)).isEqualTo(DeviceBinding.UNVERIFIED);

    assertThat(calls(first)).isEqualTo(1);
    assertThat(calls(second)).isEqualTo(1);
    assertThat(template.opsForSet().members("gatehouse:session-keys:" + sid).collectList().block())
        .containsExactlyInAnyOrder(shared.key(first), shared.key(second));
  }

  @Test
  void keysWhenNoBoundCredentialThenTheTokenAloneAsBeforeBinding() {
    assertThat(bare.digest())
        .isEqualTo(SessionCredential.of(token, SessionCredential.Source.BEARER).digest());
    assertThat(bare.hasBoundCredential()).isFalse();
    assertThat(bare.toString()).doesNotContain("bound");
    assertThat(first.toString()).contains("bound credential").doesNotContain("bound-credential-1");
  }

  @Test
  void introspectWhenBoundAnswerCachedPastBoundUntilThenUnverifiedWithoutACall() {
    assertThat(binding(first).isVerified()).isTrue();

    clock.advance(Duration.between(clock.instant(), boundUntil).minusMillis(1));
    assertThat(binding(first).isVerified()).as("1 ms before bound_until").isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(binding(first)).as("at bound_until").isEqualTo(DeviceBinding.UNVERIFIED);

    assertThat(calls(first)).isEqualTo(1);
  }

  @Test
  void introspectWhenBoundAnswerSharedThroughL2PastBoundUntilThenUnverifiedWithoutACall() {
    binding(first);
    introspector.evict(first);
    clock.advance(Duration.between(clock.instant(), boundUntil));

    assertThat(binding(first)).isEqualTo(DeviceBinding.UNVERIFIED);
    assertThat(calls(first)).isEqualTo(1);
  }

  @Test
  void evictSessionWhenSeveralCredentialsCachedThenEveryKeyOfTheSessionDropped() {
    binding(bare);
    binding(first);
    binding(second);
    assertThat(introspector.indexedSessions()).containsExactly(1, 1);

    introspector.evictSession(sid).block(Duration.ofSeconds(5));

    assertThat(introspector.isCached(bare)).isFalse();
    assertThat(introspector.isCached(first)).isFalse();
    assertThat(introspector.isCached(second)).isFalse();
    assertThat(introspector.indexedSessions()).containsExactly(0, 0);
    for (SessionCredential credential : List.of(bare, first, second)) {
      assertThat(template.hasKey("gatehouse:introspection:" + shared.key(credential)).block())
          .as("L2 entry of %s", credential)
          .isFalse();
      assertThat(introspector.introspect(credential).block())
          .isInstanceOf(Introspection.Inactive.class);
    }
  }

  @Test
  void introspectWhenUnboundSessionThenOneCallPerL1TtlAsBeforeBinding() {
    answers.put(bare, session(DeviceBinding.NONE));

    for (int i = 0; i < 10; i++) {
      assertThat(binding(bare)).isEqualTo(DeviceBinding.NONE);
    }
    assertThat(calls(bare)).isEqualTo(1);
    clock.advance(L1_TTL);
    binding(bare);
    assertThat(calls(bare)).isEqualTo(1);
    assertThat(template.hasKey("gatehouse:introspection:" + shared.key(bare)).block())
        .as("served from L2 after L1 expired")
        .isTrue();
  }

  /** Calls to auth-service for {@code credential}. */
  private int calls(SessionCredential credential) {
    return calls.getOrDefault(credential, 0);
  }

  private DeviceBinding binding(SessionCredential credential) {
    return ((Introspection.Active) introspector.introspect(credential).block()).binding();
  }

  private Introspection.Active session(DeviceBinding binding) {
    Instant now = clock.instant();
    return new Introspection.Active(
            "user-1", "alice", sid, List.of("user"), now, now.plusSeconds(3600), now)
        .withBinding(binding);
  }
}
