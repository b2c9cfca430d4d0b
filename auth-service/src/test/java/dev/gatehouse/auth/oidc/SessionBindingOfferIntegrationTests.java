package dev.gatehouse.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.protocol.SessionBinding;
import dev.gatehouse.testsupport.dbsc.DbscHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * With {@code gatehouse.binding.enabled=true}, the responses that set a new session cookie other
 * than the password login's offer DBSC registration too: the OpenID provider login's callback
 * (driven through a real provider) and the step-up completion. Each offer's challenge belongs to
 * the new session. The same responses without the setting carry no offer: {@link
 * OidcLoginIntegrationTests} and {@code StepUpIntegrationTests}.
 */
@TestPropertySource(properties = "gatehouse.binding.enabled=true")
class SessionBindingOfferIntegrationTests extends AbstractOidcIntegrationTests {

  @Test
  void oidcCallbackWhenBindingEnabledThenOffersRegistrationForTheNewSession() {
    PROVIDER.nextLogin(
        "idp",
        TestIdentityProvider.randomSubject(),
        Map.of("preferred_username", OidcLoginIntegrationTests.newUsername()));

    MvcTestResult answer = signIn("idp", "/notes");

    assertThat(answer).hasStatus(HttpStatus.SEE_OTHER);
    assertOffersRegistrationFor(answer, sidOf(newSessionToken(answer)));
  }

  @Test
  void stepUpCompletionWhenBindingEnabledThenOffersRegistrationForTheNewSession() {
    TestUser user = createUser("user");
    LoggedIn passwordOnly = login(user);
    String secret = enroll(user);
    String bearer = bearer(user, passwordOnly, "user");
    MvcTestResult form = page("/account/step-up?next=/admin", bearer);

    MvcTestResult done =
        postForm(
            "/account/ui/step-up", form, bearer, Map.of("code", codeNow(secret), "next", "/admin"));

    assertThat(done).hasStatus(HttpStatus.SEE_OTHER);
    UUID stepped = sidOf(newSessionToken(done));
    assertThat(stepped).isNotEqualTo(passwordOnly.sid());
    assertOffersRegistrationFor(done, stepped);
  }

  private void assertOffersRegistrationFor(MvcTestResult answer, UUID sid) {
    List<String> offers = answer.getResponse().getHeaders(SessionBinding.REGISTRATION_HEADER);
    assertThat(offers).hasSize(1);
    DbscHeaders.Registration offer = DbscHeaders.registration(offers.get(0));
    assertThat(offer.path()).isEqualTo(SessionBinding.REGISTRATION_PATH);
    assertThat(offer.algorithms()).containsExactly("ES256", "RS256");
    // Its challenge is stored (hashed) for the new session, so registration can use it.
    assertThat(
            jdbc.sql("SELECT sid FROM session_binding_challenges WHERE challenge_hash = ?")
                .param(sha256Hex(offer.challenge()))
                .query(UUID.class)
                .optional())
        .contains(sid);
  }

  private UUID sidOf(String sessionToken) {
    return UUID.fromString(JsonPath.read(body(introspect(sessionToken)), "$.sid"));
  }

  private static String sha256Hex(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
