package dev.gatehouse.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.gateway.session.DeviceBinding;
import dev.gatehouse.gateway.session.Introspection;
import dev.gatehouse.testsupport.time.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InternalTokenMinterTests {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final TokenProperties PROPERTIES =
      new TokenProperties(
          "https://gateway.example",
          Duration.ofSeconds(60),
          0.1,
          4096,
          Duration.ofHours(24),
          Duration.ofMinutes(10));

  final TestClock clock = new TestClock(NOW);
  final InternalTokenMinter minter =
      new InternalTokenMinter(
          new SigningKeys(clock, PROPERTIES), PROPERTIES, clock, new SimpleMeterRegistry());

  @Test
  void tokenForWhenSessionOutlivesTheTtlThenExpiresAfterTheTtl() throws Exception {
    JWTClaimsSet claims = claims(minter.tokenFor(session(NOW.plusSeconds(3600)), "orders", null));

    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(60));
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
  }

  @Test
  void tokenForWhenSessionEndsSoonerThenExpiresWithTheSession() throws Exception {
    Instant sessionEnd = NOW.plusSeconds(20);

    JWTClaimsSet claims = claims(minter.tokenFor(session(sessionEnd), "orders", null));

    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(sessionEnd);
  }

  @Test
  void tokenForWhenReusedThenNeverPastTheSessionsEnd() throws Exception {
    Introspection.Active session = session(NOW.plusSeconds(20));
    String first = minter.tokenFor(session, "orders", null);

    clock.advance(Duration.ofSeconds(17));
    assertThat(minter.tokenFor(session, "orders", null))
        .as("90 % of its life left")
        .isEqualTo(first);

    clock.advance(Duration.ofSeconds(1));
    String second = minter.tokenFor(session, "orders", null);
    assertThat(second).as("less than 10 % of its 20 s life left").isNotEqualTo(first);
    assertThat(claims(second).getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(20));
  }

  @Test
  void tokenForWhenTtlBoundThenReusedUntilTenPercentLeft() {
    Introspection.Active session = session(NOW.plusSeconds(3600));
    String first = minter.tokenFor(session, "orders", null);

    clock.advance(Duration.ofSeconds(53));
    assertThat(minter.tokenFor(session, "orders", null)).isEqualTo(first);
    clock.advance(Duration.ofSeconds(1));
    assertThat(minter.tokenFor(session, "orders", null)).isNotEqualTo(first);
  }

  @Test
  void tokenForWhenClaimsSelectedThenOnlyThoseOptionalClaimsButAlwaysTheMandatoryOnes()
      throws Exception {
    JWTClaimsSet claims =
        claims(minter.tokenFor(session(NOW.plusSeconds(3600)), "orders", Set.of("sid")));

    assertThat(claims.getClaims().keySet())
        .containsExactlyInAnyOrder("iss", "sub", "aud", "iat", "nbf", "exp", "jti", "sid");
    assertThat(claims.getStringClaim("sid")).isEqualTo("sid-1");
    assertThat(claims.getAudience()).containsExactly("orders");
  }

  @Test
  void tokenForWhenAllClaimsThenEveryOptionalClaim() throws Exception {
    JWTClaimsSet claims = claims(minter.tokenFor(session(NOW.plusSeconds(3600)), "orders", null));

    assertThat(claims.getClaims().keySet())
        .containsAll(InternalTokenMinter.OPTIONAL_CLAIMS)
        .contains("iss", "sub", "aud", "iat", "nbf", "exp", "jti");
    assertThat(claims.getStringListClaim("roles")).containsExactly("user");
    assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
  }

  @Test
  void tokenForWhenInputsDifferThenNotReused() {
    Introspection.Active session = session(NOW.plusSeconds(3600));
    String token = minter.tokenFor(session, "orders", null);

    assertThat(minter.tokenFor(session, "billing", null)).as("other audience").isNotEqualTo(token);
    assertThat(minter.tokenFor(session, "orders", Set.of("sid")))
        .as("other claims")
        .isNotEqualTo(token);
    Introspection.Active admin =
        new Introspection.Active(
            "user-1",
            "alice",
            "sid-1",
            List.of("user", "admin"),
            NOW.minusSeconds(60),
            NOW.plusSeconds(3600),
            NOW);
    assertThat(minter.tokenFor(admin, "orders", null)).as("other roles").isNotEqualTo(token);
    assertThat(minter.tokenFor(session, "orders", null)).as("same inputs").isEqualTo(token);
  }

  @Test
  void tokenForWhenBoundSessionProvedItsKeyThenDbscJkt() throws Exception {
    Introspection.Active bound =
        session(NOW.plusSeconds(3600))
            .withBinding(
                DeviceBinding.bound(
                    "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", NOW.plusSeconds(300)));

    JWTClaimsSet claims = claims(minter.tokenFor(bound, "orders", Set.of("sid")));

    assertThat(claims.getJSONObjectClaim("dbsc"))
        .as("no optional claim: a route's claim selection keeps it")
        .containsExactly(Map.entry("jkt", "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
  }

  @Test
  void tokenForWhenSessionNotBoundOrCredentialNotValidThenNoDbscClaim() throws Exception {
    Introspection.Active session = session(NOW.plusSeconds(3600));

    assertThat(claims(minter.tokenFor(session, "orders", null)).getClaim("dbsc")).isNull();
    assertThat(
            claims(minter.tokenFor(session.withBinding(DeviceBinding.UNVERIFIED), "orders", null))
                .getClaim("dbsc"))
        .isNull();
  }

  @Test
  void tokenForWhenBindingDiffersThenNotReused() throws Exception {
    Introspection.Active bound =
        session(NOW.plusSeconds(3600))
            .withBinding(DeviceBinding.bound("jkt-1", NOW.plusSeconds(300)));
    String withCnf = minter.tokenFor(bound, "orders", null);

    String without = minter.tokenFor(bound.asOf(NOW.plusSeconds(300)), "orders", null);

    assertThat(without).isNotEqualTo(withCnf);
    assertThat(claims(without).getClaim("dbsc")).isNull();
  }

  private static Introspection.Active session(Instant expiresAt) {
    return new Introspection.Active(
        "user-1", "alice", "sid-1", List.of("user"), NOW.minusSeconds(60), expiresAt, NOW);
  }

  private static JWTClaimsSet claims(String token) throws Exception {
    return SignedJWT.parse(token).getJWTClaimsSet();
  }
}
