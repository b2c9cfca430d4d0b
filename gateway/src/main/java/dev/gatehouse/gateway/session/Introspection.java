package dev.gatehouse.gateway.session;

import dev.gatehouse.protocol.Assurance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.util.Assert;

/** The outcome of an RFC 7662 introspection: an active session, or nothing usable. */
public sealed interface Introspection {

  /** The token names no usable session (unknown, expired, idle, revoked, disabled user). */
  record Inactive() implements Introspection {}

  /**
   * An active session, as auth-service described it.
   *
   * @param userId the {@code sub}: the user's stable id
   * @param username the login name
   * @param sid the public session id
   * @param roles lower-case role names
   * @param issuedAt when the session was created
   * @param expiresAt the session's absolute expiry; no cached copy outlives it (RFC 7662 §4)
   * @param authTime when the user authenticated
   * @param amr how the user authenticated (RFC 8176 values: {@code pwd}, {@code otp})
   * @param acr the assurance class ({@link Assurance#ACR_PASSWORD}, {@link Assurance#ACR_MFA})
   * @param binding the session's device binding with the request's bound credential (DBSC)
   */
  record Active(
      String userId,
      String username,
      String sid,
      List<String> roles,
      Instant issuedAt,
      Instant expiresAt,
      Instant authTime,
      List<String> amr,
      String acr,
      DeviceBinding binding)
      implements Introspection {

    /** A session that is not device-bound. */
    public Active(
        String userId,
        String username,
        String sid,
        List<String> roles,
        Instant issuedAt,
        Instant expiresAt,
        Instant authTime,
        List<String> amr,
        String acr) {
      this(
          userId,
          username,
          sid,
          roles,
          issuedAt,
          expiresAt,
          authTime,
          amr,
          acr,
          DeviceBinding.NONE);
    }

    /** A password-only session. */
    public Active(
        String userId,
        String username,
        String sid,
        List<String> roles,
        Instant issuedAt,
        Instant expiresAt,
        Instant authTime) {
      this(
          userId,
          username,
          sid,
          roles,
          issuedAt,
          expiresAt,
          authTime,
          Assurance.PASSWORD_ONLY,
          Assurance.ACR_PASSWORD);
    }

    public Active {
      Assert.hasText(userId, "userId cannot be empty");
      Assert.hasText(username, "username cannot be empty");
      Assert.hasText(sid, "sid cannot be empty");
      Assert.notNull(roles, "roles cannot be null");
      Assert.notNull(issuedAt, "issuedAt cannot be null");
      Assert.notNull(expiresAt, "expiresAt cannot be null");
      Assert.notNull(authTime, "authTime cannot be null");
      Assert.notNull(amr, "amr cannot be null");
      Assert.hasText(acr, "acr cannot be empty");
      Assert.notNull(binding, "binding cannot be null");
      roles = List.copyOf(roles);
      amr = List.copyOf(amr);
    }

    /**
     * Whether the user passed a second factor ({@code otp} or an OpenID provider's {@code mfa} in
     * {@code amr}): step-up routes.
     */
    public boolean hasOtp() {
      return Assurance.isMultiFactor(amr);
    }

    /** This answer with another device binding. */
    public Active withBinding(DeviceBinding binding) {
      return binding.equals(this.binding)
          ? this
          : new Active(
              userId, username, sid, roles, issuedAt, expiresAt, authTime, amr, acr, binding);
    }

    /**
     * This answer as it stands at {@code now}: bound only until the credential's {@code
     * bound_until} ({@link DeviceBinding#asOf}).
     */
    public Active asOf(Instant now) {
      return withBinding(binding.asOf(now));
    }

    /** Whether the session's absolute expiry has passed at {@code now}. */
    public boolean isExpiredAt(Instant now) {
      return !expiresAt.isAfter(now);
    }

    /**
     * How long this answer may be cached from {@code now}: {@code maxTtl}, but never past the
     * session's {@code exp} (RFC 7662 §4); zero once it has passed.
     */
    Duration cacheableFor(Duration maxTtl, Instant now) {
      Duration untilExpiry = Duration.between(now, expiresAt);
      Duration ttl = untilExpiry.compareTo(maxTtl) < 0 ? untilExpiry : maxTtl;
      return ttl.isNegative() ? Duration.ZERO : ttl;
    }

    public boolean hasAnyRole(List<String> wanted) {
      return wanted.isEmpty() || wanted.stream().anyMatch(roles::contains);
    }
  }
}
