package dev.gatehouse.gateway.session;

import dev.gatehouse.protocol.Assurance;
import dev.gatehouse.protocol.IntrospectionResponse;
import dev.gatehouse.protocol.SessionBinding;
import java.time.Instant;
import java.util.List;

/**
 * Between the shared RFC 7662 §2.2 response ({@link IntrospectionResponse}, as auth-service sends
 * it and the shared cache stores it) and the gateway's {@link Introspection}.
 */
final class IntrospectionResponses {

  private IntrospectionResponses() {}

  /** The same JSON shape, for the shared cache. */
  static IntrospectionResponse of(Introspection introspection) {
    if (introspection instanceof Introspection.Active active) {
      return IntrospectionResponse.active(
              active.userId(),
              active.username(),
              active.sid(),
              active.roles(),
              active.issuedAt().getEpochSecond(),
              active.expiresAt().getEpochSecond(),
              active.authTime().getEpochSecond(),
              active.amr())
          .withBinding(
              active.binding().protocolValue(),
              active.binding().jkt() != null
                  ? new IntrospectionResponse.Confirmation(active.binding().jkt())
                  : null,
              active.binding().boundUntil() != null
                  ? active.binding().boundUntil().getEpochSecond()
                  : null);
    }
    return IntrospectionResponse.INACTIVE;
  }

  /**
   * Reads the response. An active answer that lacks a field the gateway needs is a protocol error,
   * not an inactive session: the gateway must fail closed without logging the user out.
   */
  static Introspection read(IntrospectionResponse response) {
    if (!response.isActive()) {
      return new Introspection.Inactive();
    }
    String sub = response.sub();
    String username = response.username();
    String sid = response.sid();
    Long exp = response.exp();
    if (sub == null || username == null || sid == null || exp == null) {
      throw new IntrospectionUnavailableException(
          "active introspection response lacks sub, username, sid or exp");
    }
    Instant expiresAt = Instant.ofEpochSecond(exp);
    Instant issuedAt = response.iat() != null ? Instant.ofEpochSecond(response.iat()) : expiresAt;
    Instant authenticatedAt =
        response.authTime() != null ? Instant.ofEpochSecond(response.authTime()) : issuedAt;
    List<String> roles = response.roles();
    // Absent (an answer cached before auth-service recorded it): password only, which fails
    // closed on step-up routes.
    List<String> amr = response.amr() != null ? response.amr() : Assurance.PASSWORD_ONLY;
    return new Introspection.Active(
        sub,
        username,
        sid,
        roles != null ? roles : List.of(),
        issuedAt,
        expiresAt,
        authenticatedAt,
        amr,
        Assurance.acr(amr),
        binding(response));
  }

  /**
   * The device binding (DBSC). Anything but a complete {@code bound} answer — {@code cnf.jkt} and
   * {@code bound_until} present — from a session that says it is bound is {@link
   * DeviceBinding#UNVERIFIED}: an answer the gateway cannot fully read must not pass as verified,
   * nor as a session that is not bound at all.
   */
  private static DeviceBinding binding(IntrospectionResponse response) {
    String binding = response.binding();
    if (binding == null) {
      return DeviceBinding.NONE;
    }
    IntrospectionResponse.Confirmation cnf = response.cnf();
    Long boundUntil = response.boundUntil();
    if (SessionBinding.BOUND.equals(binding)
        && cnf != null
        && cnf.jkt() != null
        && !cnf.jkt().isBlank()
        && boundUntil != null) {
      return DeviceBinding.bound(cnf.jkt(), Instant.ofEpochSecond(boundUntil));
    }
    if (SessionBinding.PENDING.equals(binding) && boundUntil != null) {
      return DeviceBinding.pending(Instant.ofEpochSecond(boundUntil));
    }
    return DeviceBinding.UNVERIFIED;
  }
}
