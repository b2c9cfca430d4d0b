package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.mfa.MfaService;
import dev.gatehouse.testsupport.totp.TestTotp;
import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The full application with MFA as shipped ({@code gatehouse.mfa.required-roles=admin}), and the
 * steps of the MFA flows as helpers: an authenticator computes codes from the secret the way the
 * user's app would ({@link TestTotp}, at the test clock's time).
 */
@TestPropertySource(properties = "gatehouse.mfa.required-roles=admin")
public abstract class AbstractMfaIntegrationTests extends AbstractIntegrationTests {

  private static final Pattern CSRF_FIELD =
      Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern CHALLENGE_FIELD =
      Pattern.compile("<input type=\"hidden\" name=\"challenge\" value=\"([^\"]+)\"");
  private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\">([A-Z2-7]+)<");
  private static final Pattern RECOVERY_CODE =
      Pattern.compile("<li>([A-Z2-7]{5}-[A-Z2-7]{5})</li>");

  @Autowired protected MfaService mfa;

  /** Enrolls {@code user} with a fresh secret and returns it (Base32). */
  protected String enroll(TestUser user) {
    String secret = TestTotp.randomSecret();
    mfa.enrollWithSecret(user.id(), secret);
    return secret;
  }

  /** Enrolls {@code user} and logs in with the JSON API and a code: a session with MFA. */
  protected LoggedIn loginWithOtp(TestUser user) {
    MvcTestResult result = jsonLogin(user, codeNow(enroll(user)));
    assertThat(result).hasStatus(org.springframework.http.HttpStatus.OK);
    return new LoggedIn(
        sessionCookieValue(result), UUID.fromString(JsonPath.read(body(result), "$.sid")));
  }

  /** A gateway-style JWT for a session that passed the second factor ({@code amr} has otp). */
  protected String bearerWithOtp(TestUser user, LoggedIn session, String... roles) {
    return "Bearer "
        + TestJwts.get()
            .sign(
                TestJwts.get()
                    .claims(
                        clock.instant(), user.id(), session.sid(), user.username(), List.of(roles))
                    .claim("amr", List.of("pwd", "otp"))
                    .build());
  }

  /** The code an authenticator app shows now (the test clock's now). */
  protected String codeNow(String secret) {
    return TestTotp.codeAt(secret, clock.instant());
  }

  protected MvcTestResult jsonLogin(TestUser user, @Nullable String otp) {
    String body =
        otp == null
            ? "{\"username\":\"%s\",\"password\":\"%s\"}"
                .formatted(user.username(), user.password())
            : "{\"username\":\"%s\",\"password\":\"%s\",\"otp\":\"%s\"}"
                .formatted(user.username(), user.password(), otp);
    return mvc.post()
        .uri("/login")
        .contentType(MediaType.APPLICATION_JSON)
        .content(body)
        .exchange();
  }

  protected MvcTestResult formLogin(TestUser user, String next) {
    return mvc.post()
        .uri("/login")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(
            form(Map.of("username", user.username(), "password", user.password(), "next", next)))
        .exchange();
  }

  protected MvcTestResult secondStep(String challenge, String code, String next) {
    return mvc.post()
        .uri("/login/mfa")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(form(Map.of("challenge", challenge, "code", code, "next", next)))
        .exchange();
  }

  /** A GET of an account-area page as the gateway relays it (bearer JWT of the session). */
  protected MvcTestResult page(String path, String bearer) {
    return mvc.get()
        .uri(path)
        .accept(MediaType.TEXT_HTML)
        .header(HttpHeaders.AUTHORIZATION, bearer)
        .exchange();
  }

  /** Posts the form of {@code page} with its CSRF token and cookie, plus {@code fields}. */
  protected MvcTestResult postForm(
      String path, MvcTestResult page, String bearer, Map<String, String> fields) {
    Map<String, String> all = new java.util.LinkedHashMap<>(fields);
    all.put("_csrf", group(CSRF_FIELD, body(page)));
    String setCookie =
        page.getResponse().getHeaders(HttpHeaders.SET_COOKIE).stream()
            .filter(cookie -> cookie.startsWith("XSRF-TOKEN="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no CSRF cookie set by " + path));
    return mvc.post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, bearer)
        .cookie(
            new Cookie(
                "XSRF-TOKEN", setCookie.substring("XSRF-TOKEN=".length(), setCookie.indexOf(';'))))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(form(all))
        .exchange();
  }

  protected static String challengeOf(MvcTestResult page) {
    return group(CHALLENGE_FIELD, body(page));
  }

  protected static String secretOf(MvcTestResult page) {
    return group(SECRET, body(page));
  }

  protected static List<String> recoveryCodesOf(MvcTestResult page) {
    return RECOVERY_CODE.matcher(body(page)).results().map(match -> match.group(1)).toList();
  }

  /** The new session's token among every {@code Set-Cookie} of the answer (CSRF ones too). */
  protected static String newSessionToken(MvcTestResult result) {
    String header =
        result.getResponse().getHeaders(HttpHeaders.SET_COOKIE).stream()
            .filter(cookie -> cookie.startsWith("GATEHOUSE_SESSION="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no session cookie set"));
    return header.substring("GATEHOUSE_SESSION=".length(), header.indexOf(';'));
  }

  protected List<String> amrOf(String sessionToken) {
    return JsonPath.read(body(introspect(sessionToken)), "$.amr");
  }

  protected long sessionsOf(UUID userId) {
    return jdbc.sql("SELECT COUNT(*) FROM sessions WHERE user_id = ?")
        .param(userId)
        .query(Long.class)
        .single();
  }

  protected List<String> auditActions(UUID userId) {
    return jdbc.sql("SELECT action FROM audit_log WHERE target_user_id = ? ORDER BY id")
        .param(userId)
        .query(String.class)
        .list();
  }

  private static String group(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertThat(matcher.find()).as("%s in the page", pattern).isTrue();
    return matcher.group(1);
  }
}
