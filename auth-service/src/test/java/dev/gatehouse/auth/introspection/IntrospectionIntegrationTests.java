package dev.gatehouse.auth.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.TestSessionTokens;
import dev.gatehouse.auth.revocation.RevocationService;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** RFC 7662 introspection as the gateway calls it. */
class IntrospectionIntegrationTests extends AbstractIntegrationTests {

  private static final String INACTIVE = "{\"active\":false}";

  @Autowired private RevocationService revocations;

  @Test
  void introspectWhenSessionActiveThenEveryClaim() {
    TestUser user = createUser("user", "admin");
    Instant loginTime = clock.instant();
    LoggedIn session = login(user);

    MvcTestResult result = introspect(session.token());

    assertThat(result)
        .hasStatus(HttpStatus.OK)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    long iat = loginTime.getEpochSecond();
    long exp = loginTime.plus(Duration.ofHours(12)).getEpochSecond();
    assertThat(result)
        .bodyJson()
        .isStrictlyEqualTo(
            """
            {"active":true,"sub":"%s","username":"%s","sid":"%s","roles":["admin","user"],
             "iat":%d,"exp":%d,"auth_time":%d,"amr":["pwd"],"acr":"urn:gatehouse:acr:pwd"}
            """
                .formatted(user.id(), user.username(), session.sid(), iat, exp, iat));
  }

  @Test
  void introspectWhenActiveThenLastSeenRefreshed() {
    LoggedIn session = login(createUser("user"));
    clock.advance(Duration.ofMinutes(10));

    introspect(session.token());

    Instant lastSeen =
        jdbc.sql("SELECT last_seen_at FROM sessions WHERE sid = ?")
            .param(session.sid())
            .query(OffsetDateTime.class)
            .single()
            .toInstant();
    assertThat(lastSeen)
        .isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
  }

  @Test
  void introspectWhenTokenUnknownOrMalformedThenInactive() {
    String unknown = TestSessionTokens.unknown();
    String token = login(createUser("user")).token();
    // The last character of a 40-byte base64url value carries 2 bits: 'B' is not canonical.
    String nonCanonical = unknown.substring(0, 53) + "B";

    for (String presented :
        new String[] {
          unknown,
          TestSessionTokens.forged(),
          unknown.substring(0, 43),
          "abc",
          token + "A",
          token.substring(1),
          token.replace(token.charAt(0), '+'),
          nonCanonical,
          " " + token.substring(1)
        }) {
      assertThat(introspect(presented))
          .as(presented)
          .hasStatus(HttpStatus.OK)
          .bodyJson()
          .isStrictlyEqualTo(INACTIVE);
    }
  }

  @Test
  void introspectWhenPastAbsoluteLifetimeThenInactiveEvenIfActiveAllAlong() {
    LoggedIn session = login(createUser("user"));
    // Stay active (every 25 min < 30 min idle) until just before the 12 h absolute expiry.
    for (int step = 0; step < 28; step++) {
      clock.advance(Duration.ofMinutes(25));
      assertThat(introspect(session.token())).bodyJson().extractingPath("$.active").isEqualTo(true);
    }
    clock.advance(Duration.ofHours(12).minus(Duration.ofMinutes(25 * 28)).minusSeconds(1));
    assertThat(introspect(session.token())).bodyJson().extractingPath("$.active").isEqualTo(true);

    clock.advance(Duration.ofSeconds(1));

    assertThat(introspect(session.token())).bodyJson().isStrictlyEqualTo(INACTIVE);
  }

  @Test
  void introspectWhenIdleLongerThanIdleTimeoutThenInactive() {
    LoggedIn session = login(createUser("user"));
    clock.advance(Duration.ofMinutes(30).minusSeconds(1));
    assertThat(introspect(session.token())).bodyJson().extractingPath("$.active").isEqualTo(true);

    clock.advance(Duration.ofMinutes(30));

    assertThat(introspect(session.token())).bodyJson().isStrictlyEqualTo(INACTIVE);
  }

  @Test
  void introspectWhenSessionRevokedThenInactive() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);

    revocations.revokeSession(session.sid(), "test", "admin");

    assertThat(introspect(session.token())).bodyJson().isStrictlyEqualTo(INACTIVE);
  }

  @Test
  void introspectWhenUserDisabledThenInactive() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);

    // Disabled without revoking: the user check alone must be enough.
    jdbc.sql("UPDATE users SET enabled = FALSE WHERE id = ?").param(user.id()).update();

    assertThat(introspect(session.token())).bodyJson().isStrictlyEqualTo(INACTIVE);
  }

  @Test
  void introspectWhenNoClientCredentialsThenUnauthorized() {
    MvcTestResult result =
        mvc.post()
            .uri("/oauth2/introspect")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content("token=x")
            .exchange();

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result)
        .headers()
        .hasValue(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"gatehouse\"");
  }

  @Test
  void introspectWhenClientCredentialsWrongThenUnauthorized() {
    for (String authorization :
        new String[] {
          basic(CLIENT_ID, CLIENT_SECRET + "x"),
          basic("gateway", CLIENT_SECRET),
          basic(CLIENT_ID, ""),
          // Not form-urlencoded first: '+' would decode to a space, '%é' is malformed.
          basicRaw(CLIENT_ID, CLIENT_SECRET),
          basicRaw("gate%3Away", "%zz"),
          "Basic !!!not-base64",
          "Bearer " + CLIENT_SECRET
        }) {
      MvcTestResult result =
          mvc.post()
              .uri("/oauth2/introspect")
              .header(HttpHeaders.AUTHORIZATION, authorization)
              .contentType(MediaType.APPLICATION_FORM_URLENCODED)
              .content("token=x")
              .exchange();
      assertThat(result).as(authorization).hasStatus(HttpStatus.UNAUTHORIZED);
      assertThat(result).headers().containsHeader(HttpHeaders.WWW_AUTHENTICATE);
    }
  }

  @Test
  void introspectWhenCredentialsFormEncodedThenAccepted() {
    // CLIENT_ID and CLIENT_SECRET contain ':', '+', '/', ' ', '%', 'é', '&' and '='.
    assertThat(introspect("x")).hasStatus(HttpStatus.OK).bodyJson().isStrictlyEqualTo(INACTIVE);
  }

  @Test
  void introspectWhenGetThenMethodNotAllowed() {
    assertThat(
            mvc.get()
                .uri("/oauth2/introspect?token=x")
                .header(HttpHeaders.AUTHORIZATION, clientCredentials()))
        .hasStatus(HttpStatus.METHOD_NOT_ALLOWED);
  }

  @Test
  void introspectWhenTokenMissingThenInvalidRequest() {
    for (String body : new String[] {"", "token=", "token_type_hint=access_token"}) {
      assertThat(
              mvc.post()
                  .uri("/oauth2/introspect")
                  .header(HttpHeaders.AUTHORIZATION, clientCredentials())
                  .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                  .content(body))
          .as(body)
          .hasStatus(HttpStatus.BAD_REQUEST)
          .bodyJson()
          .isStrictlyEqualTo("{\"error\":\"invalid_request\"}");
    }
  }

  @Test
  void introspectWhenTokenTypeHintGivenThenIgnored() {
    LoggedIn session = login(createUser("user"));

    MvcTestResult result =
        mvc.post()
            .uri("/oauth2/introspect")
            .header(HttpHeaders.AUTHORIZATION, clientCredentials())
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content(form(Map.of("token", session.token(), "token_type_hint", "refresh_token")))
            .exchange();

    assertThat(result).bodyJson().extractingPath("$.active").isEqualTo(true);
  }

  @Test
  void introspectWhenJsonBodyThenUnsupportedMediaType() {
    assertThat(
            mvc.post()
                .uri("/oauth2/introspect")
                .header(HttpHeaders.AUTHORIZATION, clientCredentials())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"token\":\"x\"}"))
        .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
}
