package dev.gatehouse.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.protocol.Assurance;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * OpenID Connect login against a real provider over HTTP: the Gatehouse session it creates, the
 * accounts (provisioning on and off, username collisions, disabled and deleted accounts), role
 * mapping through the allow-list, and how the provider's {@code amr} meets Gatehouse's MFA rules.
 */
class OidcLoginIntegrationTests extends AbstractOidcIntegrationTests {

  @Autowired OAuth2AuthorizedClientService authorizedClients;

  @Test
  void loginWhenProviderVouchesThenSessionCreatedAndBrowserSentToTheRequestedPage() {
    String subject = TestIdentityProvider.randomSubject();
    String username = newUsername();
    PROVIDER.nextLogin(
        "idp", subject, Map.of("preferred_username", username, "name", "Ada L", "sid", "idp-s1"));

    MvcTestResult answer = signIn("idp", "/notes?x=1");

    assertThat(answer).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(answer.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo("/notes?x=1");
    // DBSC is off by default: no offer (SessionBindingOfferIntegrationTests has it on).
    assertThat(answer.getResponse().getHeader("Secure-Session-Registration")).isNull();
    String introspection = body(introspect(newSessionToken(answer)));
    assertThat((Boolean) JsonPath.read(introspection, "$.active")).isTrue();
    assertThat((String) JsonPath.read(introspection, "$.username")).isEqualTo(username);
    assertThat((List<String>) JsonPath.read(introspection, "$.roles")).containsExactly("user");
    UUID userId = UUID.fromString(JsonPath.read(introspection, "$.sub"));
    assertThat(
            jdbc.sql("SELECT idp_issuer, idp_sid FROM sessions WHERE user_id = ?")
                .param(userId)
                .query()
                .singleRow())
        .containsEntry("idp_issuer", PROVIDER.issuer("idp"))
        .containsEntry("idp_sid", "idp-s1");
    assertThat(
            jdbc.sql("SELECT display_name FROM users WHERE id = ?")
                .param(userId)
                .query(String.class)
                .single())
        .isEqualTo("Ada L");
    assertThat(auditActions(userId)).containsExactly("oidc-provision", "oidc-link");
    // The provider's access token was not kept anywhere.
    assertThat(
            authorizedClients
                .<org.springframework.security.oauth2.client.OAuth2AuthorizedClient>
                    loadAuthorizedClient("idp", username))
        .isNull();
  }

  @Test
  void loginWhenSameIdentityAgainThenSameAccountAndANewSession() {
    String subject = TestIdentityProvider.randomSubject();
    String username = newUsername();
    PROVIDER.nextLogin("idp", subject, Map.of("preferred_username", username));
    UUID first = userOf(signIn("idp", "/"));
    // The provider renamed the user: the link is (issuer, sub), not the name.
    PROVIDER.nextLogin("idp", subject, Map.of("preferred_username", username + "-renamed"));

    MvcTestResult again = signIn("idp", "/");

    assertThat(again).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(userOf(again)).isEqualTo(first);
    assertThat(sessionsOf(first)).isEqualTo(2);
    assertThat(auditActions(first)).containsExactly("oidc-provision", "oidc-link");
  }

  @Test
  void loginWhenAutoProvisionOffThenNoAccountPageAndNothingCreated() {
    String subject = TestIdentityProvider.randomSubject();
    String username = newUsername();
    PROVIDER.nextLogin("closed", subject, Map.of("preferred_username", username));

    MvcTestResult answer = signIn("closed", "/");

    assertThat(answer).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(body(answer)).contains("There is no Gatehouse account for you yet.");
    assertThat(setsSessionCookie(answer)).isFalse();
    assertThat(identitiesOf("closed", subject)).isZero();
    assertThat(usersNamed(username)).isZero();
  }

  @Test
  void loginWhenUsernameTakenByLocalAccountThenRefusedAndNeverLinked() {
    TestUser local = createUser("user");
    String subject = TestIdentityProvider.randomSubject();
    PROVIDER.nextLogin("idp", subject, Map.of("preferred_username", local.username()));

    MvcTestResult answer = signIn("idp", "/");

    assertThat(answer).hasStatus(HttpStatus.CONFLICT);
    assertThat(body(answer)).contains("is not linked to your identity provider");
    assertThat(setsSessionCookie(answer)).isFalse();
    assertThat(identitiesOf("idp", subject)).isZero();
    assertThat(sessionsOf(local.id())).isZero();
  }

  @Test
  void loginWhenProviderSendsNoUsableUsernameThenRefused() {
    String subject = TestIdentityProvider.randomSubject();
    PROVIDER.nextLogin("idp", subject, Map.of("preferred_username", "not a name!"));

    MvcTestResult answer = signIn("idp", "/");

    assertThat(answer).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(body(answer)).contains("did not send a usable username");
    assertThat(identitiesOf("idp", subject)).isZero();
  }

  static Stream<Arguments> accountStates() {
    return Stream.of(
        Arguments.argumentSet("disabled", "UPDATE users SET enabled = FALSE WHERE id = ?"),
        Arguments.argumentSet(
            "deleted (tombstone)",
            "UPDATE users SET enabled = FALSE, deleted_at = CURRENT_TIMESTAMP WHERE id = ?"));
  }

  @ParameterizedTest
  @MethodSource("accountStates")
  void loginWhenAccountDisabledOrDeletedThenRefusedWhateverTheProviderSays(String change) {
    String subject = TestIdentityProvider.randomSubject();
    PROVIDER.nextLogin("idp", subject, Map.of("preferred_username", newUsername()));
    UUID userId = userOf(signIn("idp", "/"));
    jdbc.sql(change).param(userId).update();
    PROVIDER.nextLogin(
        "idp", subject, Map.of("preferred_username", newUsername(), "amr", List.of("mfa")));

    MvcTestResult answer = signIn("idp", "/");

    assertThat(answer).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(body(answer)).contains("This account is disabled.");
    assertThat(setsSessionCookie(answer)).isFalse();
    assertThat(sessionsOf(userId)).isEqualTo(1);
  }

  static Stream<Arguments> groupsToRoles() {
    return Stream.of(
        Arguments.argumentSet("no groups: the default role", List.of(), List.of("user")),
        Arguments.argumentSet("a mapped group", List.of("gh-admins"), List.of("admin", "user")),
        Arguments.argumentSet(
            "an unknown group is ignored",
            List.of("gh-admins", "gh-unknown"),
            List.of("admin", "user")),
        Arguments.argumentSet(
            "a group named like a role is not that role", List.of("admin"), List.of("user")),
        Arguments.argumentSet("one group as a string", "gh-admins", List.of("admin", "user")));
  }

  @ParameterizedTest
  @MethodSource("groupsToRoles")
  void loginWhenProviderSendsGroupsThenRolesFromTheAllowList(Object groups, List<String> roles) {
    String subject = TestIdentityProvider.randomSubject();
    PROVIDER.nextLogin(
        "idp",
        subject,
        Map.of("preferred_username", newUsername(), "groups", groups, "amr", List.of("mfa")));

    MvcTestResult answer = signIn("idp", "/");

    assertThat(answer).hasStatus(HttpStatus.SEE_OTHER);
    assertThat((List<String>) JsonPath.read(body(introspect(newSessionToken(answer))), "$.roles"))
        .containsExactlyElementsOf(roles);
  }

  @Test
  void loginWhenGroupsChangedAtTheProviderThenRolesReplacedAndAnnouncedToEveryGateway() {
    String subject = TestIdentityProvider.randomSubject();
    String username = newUsername();
    PROVIDER.nextLogin(
        "idp",
        subject,
        Map.of(
            "preferred_username", username, "groups", List.of("gh-admins"), "amr", List.of("mfa")));
    MvcTestResult first = signIn("idp", "/");
    String firstToken = newSessionToken(first);
    UUID userId = userOf(first);
    UUID firstSid = UUID.fromString(JsonPath.read(body(introspect(firstToken)), "$.sid"));
    PROVIDER.nextLogin(
        "idp", subject, Map.of("preferred_username", username, "groups", List.of("gh-users")));

    MvcTestResult second = signIn("idp", "/");

    assertThat(second).hasStatus(HttpStatus.SEE_OTHER);
    assertThat((List<String>) JsonPath.read(body(introspect(firstToken)), "$.roles"))
        .containsExactly("user");
    assertThat(
            jdbc.sql("SELECT kind FROM revocation_log WHERE sid = ?")
                .param(firstSid)
                .query(String.class)
                .list())
        .containsExactly("changed");
    assertThat(auditActions(userId)).containsExactly("oidc-provision", "oidc-link", "oidc-roles");
  }

  static Stream<Arguments> providerMethods() {
    return Stream.of(
        Arguments.argumentSet(
            "password only", List.of("pwd"), List.of("pwd"), Assurance.ACR_PASSWORD),
        Arguments.argumentSet(
            "mfa", List.of("pwd", "mfa"), List.of("pwd", "mfa"), Assurance.ACR_MFA),
        Arguments.argumentSet(
            "hardware key counts",
            List.of("hwk", "user"),
            List.of("hwk", "user", "mfa"),
            Assurance.ACR_MFA),
        Arguments.argumentSet(
            "the provider's otp is not Gatehouse's",
            List.of("pwd", "otp"),
            List.of("pwd", "mfa"),
            Assurance.ACR_MFA),
        Arguments.argumentSet(
            "no amr", null, List.of(ProviderAssurance.UNSPECIFIED), Assurance.ACR_PASSWORD));
  }

  @ParameterizedTest
  @MethodSource("providerMethods")
  void loginWhenProviderNamesMethodsThenSessionRecordsThemAndMfaCounts(
      List<String> amr, List<String> recorded, String acr) {
    Map<String, Object> claims = new HashMap<>(Map.of("preferred_username", newUsername()));
    if (amr != null) {
      claims.put("amr", amr);
    }
    PROVIDER.nextLogin("idp", TestIdentityProvider.randomSubject(), claims);

    MvcTestResult answer = signIn("idp", "/");

    String introspection = body(introspect(newSessionToken(answer)));
    assertThat((List<String>) JsonPath.read(introspection, "$.amr"))
        .containsExactlyElementsOf(recorded);
    assertThat((String) JsonPath.read(introspection, "$.acr")).isEqualTo(acr);
  }

  @Test
  void loginWhenAdminRoleAndProviderSaidNoMfaThenGatehouseTotpFirstAndTheSessionKeepsItsProvider() {
    String subject = TestIdentityProvider.randomSubject();
    String username = newUsername();
    Map<String, Object> admin =
        Map.of("preferred_username", username, "groups", List.of("gh-admins"), "sid", "idp-s9");
    PROVIDER.nextLogin("idp", subject, admin);

    MvcTestResult enrollment = signIn("idp", "/admin");

    // No authenticator yet: the enrollment page, and no session before its first code.
    assertThat(enrollment).hasStatus(HttpStatus.OK);
    assertThat(setsSessionCookie(enrollment)).isFalse();
    UUID userId =
        jdbc.sql("SELECT id FROM users WHERE username = ?")
            .param(username)
            .query(UUID.class)
            .single();
    assertThat(sessionsOf(userId)).isZero();
    String secret = secretOf(enrollment);
    MvcTestResult confirmed = secondStep(challengeOf(enrollment), codeNow(secret), "/admin");
    assertThat(setsSessionCookie(confirmed)).isTrue();
    clock.advance(java.time.Duration.ofSeconds(31));

    // Enrolled: the code page, then a session with the provider's methods and Gatehouse's otp.
    PROVIDER.nextLogin("idp", subject, admin);
    MvcTestResult codePage = signIn("idp", "/admin");
    assertThat(codePage).hasStatus(HttpStatus.OK);
    assertThat(setsSessionCookie(codePage)).isFalse();
    MvcTestResult loggedIn = secondStep(challengeOf(codePage), codeNow(secret), "/admin");

    assertThat(loggedIn).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(loggedIn.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo("/admin");
    String token = newSessionToken(loggedIn);
    assertThat(amrOf(token)).containsExactly(ProviderAssurance.UNSPECIFIED, Assurance.OTP);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM sessions WHERE user_id = ? AND idp_sid = 'idp-s9'")
                .param(userId)
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void stepUpWhenSessionFromProviderThenTheNewSessionKeepsTheProviderSessionAndMethods() {
    String username = newUsername();
    PROVIDER.nextLogin(
        "idp",
        TestIdentityProvider.randomSubject(),
        Map.of("preferred_username", username, "amr", List.of("pwd"), "sid", "idp-step"));
    MvcTestResult login = signIn("idp", "/");
    String token = newSessionToken(login);
    String introspection = body(introspect(token));
    TestUser user =
        new TestUser(UUID.fromString(JsonPath.read(introspection, "$.sub")), username, "unused");
    LoggedIn session = new LoggedIn(token, UUID.fromString(JsonPath.read(introspection, "$.sid")));
    String secret = enroll(user);
    String bearer = bearer(user, session, "user");

    MvcTestResult form = page("/account/step-up?next=/admin", bearer);
    MvcTestResult done =
        postForm(
            "/account/ui/step-up", form, bearer, Map.of("code", codeNow(secret), "next", "/admin"));

    assertThat(done).hasStatus(HttpStatus.SEE_OTHER);
    String stepped = newSessionToken(done);
    assertThat(amrOf(stepped)).containsExactly("pwd", Assurance.OTP);
    assertThat(isActive(session)).isFalse();
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM sessions WHERE user_id = ? AND idp_sid = 'idp-step'")
                .param(user.id())
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void loginPageWhenProvidersConfiguredThenOneButtonEachKeepingTheRequestedPage() {
    MvcTestResult page = mvc.get().uri("/login?next=/notes").exchange();

    assertThat(page).hasStatus(HttpStatus.OK);
    assertThat(body(page))
        .contains("href=\"/oauth2/authorization/idp?next=/notes\"", "Sign in with IdP idp")
        .contains("href=\"/oauth2/authorization/closed?next=/notes\"")
        .contains("name=\"password\"");
  }

  @Test
  void authorizationWhenNextIsForeignThenLoginLandsOnTheHomePage() {
    PROVIDER.nextLogin(
        "idp", TestIdentityProvider.randomSubject(), Map.of("preferred_username", newUsername()));

    MvcTestResult answer = signIn("idp", "https://evil.example/");

    assertThat(answer.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo("/");
  }

  private UUID userOf(MvcTestResult answer) {
    assertThat(answer).hasStatus(HttpStatus.SEE_OTHER);
    return UUID.fromString(JsonPath.read(body(introspect(newSessionToken(answer))), "$.sub"));
  }

  private long usersNamed(String username) {
    return jdbc.sql("SELECT COUNT(*) FROM users WHERE username = ?")
        .param(username)
        .query(Long.class)
        .single();
  }

  static String newUsername() {
    return "oidc-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
