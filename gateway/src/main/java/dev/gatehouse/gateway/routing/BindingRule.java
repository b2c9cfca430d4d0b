package dev.gatehouse.gateway.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.gateway.session.DeviceBinding;
import dev.gatehouse.gateway.session.Introspection;
import dev.gatehouse.gateway.system.Denial;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The route's {@code gatehouse.binding} applied to an active session (DBSC, issue 16): between
 * {@link AuthenticateStep} and {@link AuthorizeStep#decide}, a session that does not count on this
 * route is treated as no session — refused where the route needs one ({@link
 * Denial.BindingUnverified} 401 for a bound session without a valid bound credential, {@link
 * Denial.BindingRequired} 403 for an unbound session on a {@code binding: required} route), and
 * anonymous where auth is optional, so a login page never locks out the browser that holds a copied
 * cookie (nor loops its redirect).
 *
 * <pre>
 * binding    not bound        bound, credential valid   bound, credential missing/expired
 * off        passes           passes (dbsc.jkt in JWT)  passes (no dbsc.jkt)
 * preferred  passes           passes (dbsc.jkt)         refused / anonymous
 * required   refused (403) /  passes (dbsc.jkt)         refused (401) / anonymous
 *            anonymous
 * </pre>
 *
 * A refused bound session is logged at WARN with its {@code sid} and route, at most once a minute
 * per session (a replaying client must not flood the log); every refusal is counted in {@code
 * gatehouse.requests.denied{reason}}. The session's answer is already as of now: a cached {@code
 * bound} answer past its {@code bound_until} arrives here unverified.
 */
@Component
final class BindingRule {

  private static final Logger log = LoggerFactory.getLogger(SessionRelayFilter.class);
  static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

  private final Cache<String, Boolean> warned;

  BindingRule(Clock clock) {
    Assert.notNull(clock, "clock cannot be null");
    this.warned =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(WARN_INTERVAL)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  /** {@code authentication} as it counts on the route of {@code policy}. */
  Authentication apply(RoutePolicy policy, Authentication authentication) {
    if (!(authentication instanceof Authentication.Authenticated authenticated)) {
      return authentication;
    }
    Introspection.Active session = authenticated.session();
    Denial refusal = refusal(policy.binding(), session.binding());
    if (refusal == null) {
      return authentication;
    }
    if (session.binding().isBoundSession()) {
      warnOncePerInterval(policy, session, refusal);
    }
    return policy.auth() == AuthMode.REQUIRED
        ? new Authentication.Refused(refusal)
        : new Authentication.Anonymous(refusal.reason());
  }

  /** What {@code mode} says of {@code binding}: null when the session counts. */
  static @Nullable Denial refusal(BindingMode mode, DeviceBinding binding) {
    return switch (mode) {
      case OFF -> null;
      case PREFERRED ->
          binding.isBoundSession() && !binding.isVerified() ? new Denial.BindingUnverified() : null;
      case REQUIRED ->
          !binding.isBoundSession()
              ? new Denial.BindingRequired()
              : binding.isVerified() ? null : new Denial.BindingUnverified();
    };
  }

  private void warnOncePerInterval(
      RoutePolicy policy, Introspection.Active session, Denial refusal) {
    if (warned.asMap().putIfAbsent(session.sid(), Boolean.TRUE) == null) {
      log.warn(
          "denied sid={} user={} route='{}' reason={}: a device-bound session without a valid"
              + " bound credential (a copied session cookie, or a browser that could not renew"
              + " it); further refusals of this session within {} are counted only",
          session.sid(),
          session.userId(),
          policy.routeId(),
          refusal.reason(),
          WARN_INTERVAL);
    }
  }

  @Override
  public String toString() {
    return "BindingRule";
  }
}
