package dev.gatehouse.auth.oidc.logout;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The claim checks of OpenID Connect Back-Channel Logout 1.0 §2.6 steps 3-7 on a logout token whose
 * signature was verified: {@code iss} is the registration's issuer, {@code aud} contains its client
 * id, {@code iat} is present, not in the future (beyond the skew) and not older than {@code
 * max-token-age}, {@code exp} (optional) not passed, {@code jti} present, {@code events} holds the
 * back-channel logout event with a JSON object value, {@code sid} and/or {@code sub} present, and
 * there is no {@code nonce} (which would make it an ID token: §2.4 forbids it so that one cannot
 * pass for the other). Whether the {@code jti} was seen before is the replay cache's part.
 */
@Component
final class LogoutTokenClaims {

  static final String BACK_CHANNEL_LOGOUT_EVENT =
      "http://schemas.openid.net/event/backchannel-logout";

  /** Longer identifiers are no identifiers a provider sends; they would not fit the columns. */
  private static final int MAX_ID_LENGTH = 255;

  private final Clock clock;
  private final Duration skew;
  private final Duration maxAge;

  LogoutTokenClaims(Clock clock, LogoutProperties properties) {
    Assert.notNull(clock, "clock cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    this.clock = clock;
    this.skew = properties.clockSkew();
    this.maxAge = properties.maxTokenAge();
  }

  LogoutToken check(ClientRegistration registration, JWTClaimsSet claims) {
    String issuer = registration.getProviderDetails().getIssuerUri();
    if (!StringUtils.hasText(issuer) || !issuer.equals(claims.getIssuer())) {
      throw invalid("iss is not the issuer of the registration");
    }
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(registration.getClientId())) {
      throw invalid("aud does not contain the client id of the registration");
    }
    Instant now = clock.instant();
    Instant issuedAt = instant(claims.getIssueTime());
    if (issuedAt == null) {
      throw invalid("iat is missing");
    }
    if (issuedAt.isAfter(now.plus(skew))) {
      throw invalid("iat is in the future");
    }
    Instant oldest = now.minus(maxAge).minus(skew);
    if (issuedAt.isBefore(oldest)) {
      throw invalid("iat is older than the accepted token age");
    }
    Instant expiresAt = instant(claims.getExpirationTime());
    if (expiresAt != null && !now.isBefore(expiresAt.plus(skew))) {
      throw invalid("exp has passed");
    }
    String jti = identifier(claims, "jti");
    if (jti == null) {
      throw invalid("jti is missing");
    }
    checkEvents(claims);
    String sid = identifier(claims, "sid");
    String subject = identifier(claims, "sub");
    if (sid == null && subject == null) {
      throw invalid("neither sid nor sub is present");
    }
    if (claims.getClaim("nonce") != null) {
      throw invalid("a logout token must not contain nonce");
    }
    // Until then the iat check above refuses the token anyway.
    Instant rememberUntil = issuedAt.plus(maxAge).plus(skew).plus(skew);
    return new LogoutToken(
        registration.getRegistrationId(), issuer, jti, sid, subject, rememberUntil);
  }

  private static void checkEvents(JWTClaimsSet claims) {
    Map<String, Object> events;
    try {
      events = claims.getJSONObjectClaim("events");
    } catch (ParseException ex) {
      throw invalid("events is not a JSON object");
    }
    if (events == null) {
      throw invalid("events is missing");
    }
    if (!(events.get(BACK_CHANNEL_LOGOUT_EVENT) instanceof Map<?, ?>)) {
      throw invalid("events does not hold the back-channel logout event as a JSON object");
    }
  }

  private static @Nullable Instant instant(@Nullable Date date) {
    return date == null ? null : date.toInstant();
  }

  private static @Nullable String identifier(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank() || text.length() > MAX_ID_LENGTH) {
      throw invalid(name + " is not a string of 1 to " + MAX_ID_LENGTH + " characters");
    }
    return text;
  }

  private static InvalidLogoutTokenException invalid(String message) {
    return new InvalidLogoutTokenException(message);
  }

  @Override
  public String toString() {
    return "LogoutTokenClaims[skew=" + skew + ", maxAge=" + maxAge + "]";
  }
}
