package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.gateway.session.CredentialResolution;
import dev.gatehouse.gateway.session.Introspection;
import dev.gatehouse.gateway.session.IntrospectionProperties;
import dev.gatehouse.gateway.session.SessionCredential;
import dev.gatehouse.gateway.session.SessionIntrospector;
import dev.gatehouse.gateway.session.TestCredentials;
import dev.gatehouse.gateway.system.Denial;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import reactor.core.publisher.Mono;

/** Credential → miss budget → introspection → {@link Authentication}, without a server. */
class AuthenticateStepTests {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final Introspection.Active ALICE =
      new Introspection.Active(
          "u-1", "alice", "sid-1", List.of("user"), NOW, NOW.plusSeconds(3600), NOW);

  final StubIntrospector introspector = new StubIntrospector();
  final MissBudgetTests.MutableClock clock = new MissBudgetTests.MutableClock();

  AuthenticateStep step(int burst) {
    return new AuthenticateStep(
        introspector,
        new MissBudget(new MissBudgetProperties(1, burst, 1_000), clock),
        new ClientAddresses(new HeaderProperties(List.of(), null)),
        new IntrospectionProperties(
            URI.create("http://auth/oauth2/introspect"),
            "gateway",
            "secret",
            Duration.ofSeconds(2),
            Duration.ofSeconds(7)));
  }

  @Test
  void authenticateWhenActiveSessionThenAuthenticatedWithIt() {
    SessionCredential credential = TestCredentials.cookie();
    introspector.answer = Mono.just(ALICE);

    assertThat(authenticate(step(10), new CredentialResolution.Found(credential)))
        .isEqualTo(new Authentication.Authenticated(credential, ALICE));
  }

  @Test
  void authenticateWhenSessionInactiveThenAnonymousInactiveSession() {
    introspector.answer = Mono.just(new Introspection.Inactive());

    assertThat(authenticate(step(10), new CredentialResolution.Found(TestCredentials.cookie())))
        .isEqualTo(new Authentication.Anonymous("inactive-session"));
  }

  @Test
  void authenticateWhenAuthServiceUnavailableThenRefused503WithConfiguredRetryAfter() {
    introspector.answer = Mono.error(TestCredentials.unavailable("timed out"));

    assertThat(authenticate(step(10), new CredentialResolution.Found(TestCredentials.cookie())))
        .isEqualTo(new Authentication.Refused(new Denial.AuthUnavailable(Duration.ofSeconds(7))));
  }

  @Test
  void authenticateWhenMissBudgetSpentThenRefused429WithoutIntrospection() {
    introspector.answer = Mono.just(ALICE);
    AuthenticateStep step = step(1);
    authenticate(step, new CredentialResolution.Found(TestCredentials.cookie()));

    assertThat(authenticate(step, new CredentialResolution.Found(TestCredentials.cookie())))
        .isEqualTo(new Authentication.Refused(new Denial.TooManyRequests(Duration.ofSeconds(1))));
    assertThat(introspector.introspected).hasSize(1);
  }

  @Test
  void authenticateWhenSessionCachedThenBudgetNotSpent() {
    introspector.answer = Mono.just(ALICE);
    introspector.cached = true;
    AuthenticateStep step = step(1);
    SessionCredential credential = TestCredentials.cookie();

    for (int i = 0; i < 3; i++) {
      assertThat(authenticate(step, new CredentialResolution.Found(credential)))
          .isInstanceOf(Authentication.Authenticated.class);
    }
  }

  @Test
  void authenticateWhenMalformedThenAnonymousWithItsReasonWithoutIntrospection() {
    assertThat(authenticate(step(10), new CredentialResolution.Malformed("forged-token")))
        .isEqualTo(new Authentication.Anonymous("forged-token"));
    assertThat(introspector.introspected).isEmpty();
  }

  @Test
  void authenticateWhenAbsentThenAnonymousNoCredential() {
    assertThat(authenticate(step(10), new CredentialResolution.Absent()))
        .isEqualTo(new Authentication.Anonymous("no-credential"));
    assertThat(introspector.introspected).isEmpty();
  }

  @Test
  void authenticateWhenCookieOversizedThenRefused431() {
    assertThat(authenticate(step(10), new CredentialResolution.Oversized()))
        .isEqualTo(new Authentication.Refused(new Denial.CookieTooLarge()));
    assertThat(introspector.introspected).isEmpty();
  }

  private static Authentication authenticate(
      AuthenticateStep step, CredentialResolution credential) {
    ServerHttpRequest request =
        MockServerHttpRequest.get("/api/me")
            .remoteAddress(new InetSocketAddress("198.51.100.7", 40000))
            .build();
    return step.authenticate(request, credential, "route").block();
  }

  static final class StubIntrospector implements SessionIntrospector {
    Mono<Introspection> answer = Mono.empty();
    boolean cached;
    final List<SessionCredential> introspected = new ArrayList<>();

    @Override
    public Mono<Introspection> introspect(SessionCredential credential) {
      introspected.add(credential);
      return answer;
    }

    @Override
    public boolean isCached(SessionCredential credential) {
      return cached;
    }

    @Override
    public void evict(SessionCredential credential) {}

    @Override
    public Mono<Boolean> evictSession(String sid) {
      return Mono.just(false);
    }

    @Override
    public Mono<Void> refreshSession(String sid) {
      return Mono.empty();
    }
  }
}
