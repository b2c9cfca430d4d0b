package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.gateway.session.DeviceBinding;
import dev.gatehouse.gateway.session.Introspection;
import dev.gatehouse.gateway.session.TestCredentials;
import dev.gatehouse.gateway.system.Denial;
import dev.gatehouse.testsupport.time.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The route's {@code gatehouse.binding} as a table: binding mode × auth mode × session (not bound,
 * bound) × bound credential (valid, expired by {@code bound_until} on the clock, missing or
 * unknown) → what the request counts as. The session is taken as of the clock, as the introspector
 * hands it on.
 */
class BindingRuleTests {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final String JKT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

  final TestClock clock = new TestClock(NOW);
  final BindingRule rule = new BindingRule(clock);
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  final Logger log = (Logger) LoggerFactory.getLogger(SessionRelayFilter.class);

  {
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void detach() {
    log.detachAppender(logged);
  }

  /** What a request ends up as. */
  enum Outcome {
    PASSES,
    ANONYMOUS,
    REFUSED_401,
    REFUSED_403
  }

  /** The session's binding and the request's bound credential, as auth-service answered. */
  enum Session {
    NOT_BOUND(DeviceBinding.NONE),
    BOUND_CREDENTIAL_VALID(DeviceBinding.bound(JKT, NOW.plusSeconds(1))),
    BOUND_CREDENTIAL_EXPIRED_ON_THE_CLOCK(DeviceBinding.bound(JKT, NOW)),
    BOUND_CREDENTIAL_MISSING_OR_UNKNOWN(DeviceBinding.UNVERIFIED),
    // a request the browser sent while it was registering, within auth-service's grace
    JUST_BOUND_NO_CREDENTIAL_IN_GRACE(DeviceBinding.pending(NOW.plusSeconds(1))),
    JUST_BOUND_NO_CREDENTIAL_GRACE_OVER_ON_THE_CLOCK(DeviceBinding.pending(NOW));

    final DeviceBinding binding;

    Session(DeviceBinding binding) {
      this.binding = binding;
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // off: the session cookie suffices
        row(BindingMode.OFF, AuthMode.REQUIRED, Session.NOT_BOUND, Outcome.PASSES),
        row(BindingMode.OFF, AuthMode.REQUIRED, Session.BOUND_CREDENTIAL_VALID, Outcome.PASSES),
        row(
            BindingMode.OFF,
            AuthMode.REQUIRED,
            Session.BOUND_CREDENTIAL_EXPIRED_ON_THE_CLOCK,
            Outcome.PASSES),
        row(
            BindingMode.OFF,
            AuthMode.REQUIRED,
            Session.BOUND_CREDENTIAL_MISSING_OR_UNKNOWN,
            Outcome.PASSES),
        // preferred: browsers without DBSC pass, a bound session needs its credential
        row(BindingMode.PREFERRED, AuthMode.REQUIRED, Session.NOT_BOUND, Outcome.PASSES),
        row(
            BindingMode.PREFERRED,
            AuthMode.REQUIRED,
            Session.BOUND_CREDENTIAL_VALID,
            Outcome.PASSES),
        row(
            BindingMode.PREFERRED,
            AuthMode.REQUIRED,
            Session.BOUND_CREDENTIAL_EXPIRED_ON_THE_CLOCK,
            Outcome.REFUSED_401),
        row(
            BindingMode.PREFERRED,
            AuthMode.REQUIRED,
            Session.BOUND_CREDENTIAL_MISSING_OR_UNKNOWN,
            Outcome.REFUSED_401),
        row(
            BindingMode.PREFERRED,
            AuthMode.REQUIRED,
            Session.JUST_BOUND_NO_CREDENTIAL_IN_GRACE,
            Outcome.PASSES),
        row(
            BindingMode.PREFERRED,
            AuthMode.REQUIRED,
            Session.JUST_BOUND_NO_CREDENTIAL_GRACE_OVER_ON_THE_CLOCK,
            Outcome.REFUSED_401),
        // required: bound and proven, or refused
        row(
            BindingMode.REQUIRED,
            AuthMode.REQUIRED,
            Session.JUST_BOUND_NO_CREDENTIAL_IN_GRACE,
            Outcome.REFUSED_403),
        row(
            BindingMode.REQUIRED,
            AuthMode.REQUIRED,
            Session.JUST_BOUND_NO_CREDENTIAL_GRACE_OVER_ON_THE_CLOCK,
            Outcome.REFUSED_401),
        row(BindingMode.REQUIRED, AuthMode.REQUIRED, Session.NOT_BOUND, Outcome.REFUSED_403),
        row(
            BindingMode.REQUIRED,
            AuthMode.REQUIRED,
            Session.BOUND_CREDENTIAL_VALID,
            Outcome.PASSES),
        row(
            BindingMode.REQUIRED,
            AuthMode.REQUIRED,
            Session.BOUND_CREDENTIAL_EXPIRED_ON_THE_CLOCK,
            Outcome.REFUSED_401),
        row(
            BindingMode.REQUIRED,
            AuthMode.REQUIRED,
            Session.BOUND_CREDENTIAL_MISSING_OR_UNKNOWN,
            Outcome.REFUSED_401),
        // auth optional: a session that does not count is no session (a login page stays open)
        row(BindingMode.OFF, AuthMode.OPTIONAL, Session.NOT_BOUND, Outcome.PASSES),
        row(
            BindingMode.OFF,
            AuthMode.OPTIONAL,
            Session.BOUND_CREDENTIAL_MISSING_OR_UNKNOWN,
            Outcome.PASSES),
        row(BindingMode.PREFERRED, AuthMode.OPTIONAL, Session.NOT_BOUND, Outcome.PASSES),
        row(
            BindingMode.PREFERRED,
            AuthMode.OPTIONAL,
            Session.BOUND_CREDENTIAL_VALID,
            Outcome.PASSES),
        row(
            BindingMode.PREFERRED,
            AuthMode.OPTIONAL,
            Session.BOUND_CREDENTIAL_EXPIRED_ON_THE_CLOCK,
            Outcome.ANONYMOUS),
        row(
            BindingMode.PREFERRED,
            AuthMode.OPTIONAL,
            Session.BOUND_CREDENTIAL_MISSING_OR_UNKNOWN,
            Outcome.ANONYMOUS),
        row(BindingMode.REQUIRED, AuthMode.OPTIONAL, Session.NOT_BOUND, Outcome.ANONYMOUS),
        row(
            BindingMode.REQUIRED,
            AuthMode.OPTIONAL,
            Session.BOUND_CREDENTIAL_VALID,
            Outcome.PASSES),
        row(
            BindingMode.REQUIRED,
            AuthMode.OPTIONAL,
            Session.BOUND_CREDENTIAL_MISSING_OR_UNKNOWN,
            Outcome.ANONYMOUS));
  }

  @ParameterizedTest(name = "binding {0}, auth {1}, {2} -> {3}")
  @MethodSource("table")
  void applyWhenRouteModeSessionAndCredentialThenOutcome(
      BindingMode binding, AuthMode auth, Session session, Outcome expected) {
    Authentication result = rule.apply(policy(binding, auth), authenticated(session));

    assertThat(outcome(result)).isEqualTo(expected);
  }

  @Test
  void applyWhenBoundSessionRefusedThen401BindingRequiredLikeAnExpiredSession() {
    Authentication result =
        rule.apply(
            policy(BindingMode.PREFERRED, AuthMode.REQUIRED),
            authenticated(Session.BOUND_CREDENTIAL_MISSING_OR_UNKNOWN));

    Denial denial = ((Authentication.Refused) result).denial();
    assertThat(denial.status().value()).isEqualTo(401);
    assertThat(denial.error()).isEqualTo("binding_required");
    assertThat(denial.needsLogin()).as("a navigation goes to the login page").isTrue();
  }

  @Test
  void applyWhenUnboundSessionOnRequiredRouteThen403BindingRequired() {
    Authentication result =
        rule.apply(
            policy(BindingMode.REQUIRED, AuthMode.REQUIRED), authenticated(Session.NOT_BOUND));

    Denial denial = ((Authentication.Refused) result).denial();
    assertThat(denial.status().value()).isEqualTo(403);
    assertThat(denial.error()).isEqualTo("binding_required");
    assertThat(denial.needsLogin()).isFalse();
    assertThat(logged.list).as("an unbound session is no stolen cookie").isEmpty();
  }

  @Test
  void applyWhenBoundSessionRefusedRepeatedlyThenOneWarnPerIntervalNamingSidAndRoute() {
    RoutePolicy policy = policy(BindingMode.PREFERRED, AuthMode.REQUIRED);
    Authentication copied = authenticated(Session.BOUND_CREDENTIAL_MISSING_OR_UNKNOWN);

    rule.apply(policy, copied);
    rule.apply(policy, copied);
    clock.advance(BindingRule.WARN_INTERVAL.minus(Duration.ofMillis(1)));
    rule.apply(policy, copied);

    assertThat(logged.list).hasSize(1);
    ILoggingEvent warn = logged.list.get(0);
    assertThat(warn.getLevel()).isEqualTo(Level.WARN);
    assertThat(warn.getFormattedMessage())
        .contains("sid=sid-1", "route='api'", "reason=binding-unverified");

    clock.advance(Duration.ofMillis(1));
    rule.apply(policy, copied);
    assertThat(logged.list).hasSize(2);
  }

  @Test
  void applyWhenNotAuthenticatedThenUnchanged() {
    Authentication anonymous = new Authentication.Anonymous("no-credential");

    assertThat(rule.apply(policy(BindingMode.REQUIRED, AuthMode.REQUIRED), anonymous))
        .isSameAs(anonymous);
  }

  private Authentication authenticated(Session session) {
    Introspection.Active active =
        new Introspection.Active(
                "u-1", "alice", "sid-1", List.of("user"), NOW, NOW.plusSeconds(3600), NOW)
            .withBinding(session.binding);
    // As the introspector hands it on: bound only until bound_until.
    return new Authentication.Authenticated(TestCredentials.cookie(), active.asOf(clock.instant()));
  }

  private static RoutePolicy policy(BindingMode binding, AuthMode auth) {
    return new RoutePolicy("api", "backend", auth, List.of(), null, false, binding);
  }

  private static Outcome outcome(Authentication authentication) {
    return authentication.accept(
        new Authentication.Cases<Outcome>() {
          @Override
          public Outcome authenticated(Authentication.Authenticated authenticated) {
            return Outcome.PASSES;
          }

          @Override
          public Outcome anonymous(Authentication.Anonymous anonymous) {
            return Outcome.ANONYMOUS;
          }

          @Override
          public Outcome refused(Authentication.Refused refused) {
            return refused.denial().status().value() == 401
                ? Outcome.REFUSED_401
                : Outcome.REFUSED_403;
          }
        });
  }

  private static Arguments row(
      BindingMode binding, AuthMode auth, Session session, Outcome expected) {
    return Arguments.of(binding, auth, session, expected);
  }
}
