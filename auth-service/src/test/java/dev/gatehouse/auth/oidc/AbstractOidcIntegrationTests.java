package dev.gatehouse.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractMfaIntegrationTests;
import jakarta.servlet.http.Cookie;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The application with OpenID providers, all at one real provider over HTTP ({@link
 * TestIdentityProvider}), and the browser's steps of a provider login. Registrations: {@code idp}
 * (auto-provision, group {@code gh-admins} mapped to role admin), {@code closed} (no
 * auto-provision), {@code faulty} (its token endpoint behind {@link #FAULTS}, which rewrites ID
 * tokens) and {@code down} (behind {@link #DOWN}, which a test stops). MFA is required for admins,
 * as shipped. Subclasses share one Spring context.
 */
@TestPropertySource(
    properties = {
      "gatehouse.oidc.providers.idp.auto-provision=true",
      "gatehouse.oidc.providers.idp.role-mapping.gh-admins=admin",
      "gatehouse.oidc.providers.faulty.auto-provision=true",
      "gatehouse.oidc.providers.down.auto-provision=true",
    })
abstract class AbstractOidcIntegrationTests extends AbstractMfaIntegrationTests {

  static final TestIdentityProvider PROVIDER = new TestIdentityProvider();
  static final TokenRewritingProxy FAULTS =
      new TokenRewritingProxy(PROVIDER.tokenEndpoint("faulty"));
  static final TokenRewritingProxy DOWN = new TokenRewritingProxy(PROVIDER.tokenEndpoint("down"));

  static {
    // The cached Spring context outlives each test class; the provider lives as long as the JVM.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  FAULTS.close();
                  DOWN.close();
                  PROVIDER.shutdown();
                }));
  }

  @DynamicPropertySource
  static void providers(DynamicPropertyRegistry registry) {
    PROVIDER.register(registry, "idp");
    PROVIDER.register(registry, "closed");
    PROVIDER.register(registry, "faulty");
    registry.add("spring.security.oauth2.client.provider.faulty.token-uri", FAULTS::tokenUri);
    PROVIDER.register(registry, "down");
    registry.add("spring.security.oauth2.client.provider.down.token-uri", DOWN::tokenUri);
  }

  /** Begin at auth-service, sign in at the provider, come back: auth-service's last answer. */
  MvcTestResult signIn(String registration, String next) {
    return callback(providerCallback(registration, next));
  }

  /** The provider's redirect back, followed by the browser that began the login. */
  MvcTestResult callback(Callback callback) {
    return callback(callback.pathAndQuery(), callback.browserCookie());
  }

  /** A redirect back followed by a browser that holds {@code browserCookie} (or none). */
  MvcTestResult callback(String pathAndQuery, @Nullable Cookie browserCookie) {
    var request = mvc.get().uri(URI.create("http://localhost" + pathAndQuery));
    if (browserCookie != null) {
      request = request.cookie(browserCookie);
    }
    return request.exchange();
  }

  /**
   * Where the provider sends the browser back, and the cookie auth-service gave that browser when
   * the login began.
   */
  record Callback(String pathAndQuery, Cookie browserCookie) {}

  /** The first two steps: the redirect to the provider, and the provider's redirect back. */
  Callback providerCallback(String registration, String next) {
    MvcTestResult start =
        mvc.get()
            .uri(
                URI.create(
                    "http://localhost/oauth2/authorization/"
                        + registration
                        + "?next="
                        + formEncode(next)))
            .exchange();
    assertThat(start).hasStatus(HttpStatus.FOUND);
    String authorization = start.getResponse().getHeader(HttpHeaders.LOCATION);
    assertThat(authorization)
        .startsWith(PROVIDER.issuer(registration))
        .contains("code_challenge=", "code_challenge_method=S256", "nonce=", "state=");
    String binding =
        start.getResponse().getHeaders(HttpHeaders.SET_COOKIE).stream()
            .filter(cookie -> cookie.startsWith("GATEHOUSE_OIDC="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no browser binding cookie"));
    assertThat(binding).contains("HttpOnly", "SameSite=Lax");
    return new Callback(
        PROVIDER.authorize(authorization),
        new Cookie(
            "GATEHOUSE_OIDC", binding.substring("GATEHOUSE_OIDC=".length(), binding.indexOf(';'))));
  }

  static boolean setsSessionCookie(MvcTestResult result) {
    return result.getResponse().getHeaders(HttpHeaders.SET_COOKIE).stream()
        .anyMatch(cookie -> cookie.startsWith("GATEHOUSE_SESSION="));
  }

  long identitiesOf(String issuerId, String subject) {
    return jdbc.sql("SELECT COUNT(*) FROM user_identities WHERE issuer = ? AND subject = ?")
        .params(PROVIDER.issuer(issuerId), subject)
        .query(Long.class)
        .single();
  }

  long sessionsFrom(String issuerId) {
    return jdbc.sql("SELECT COUNT(*) FROM sessions WHERE idp_issuer = ?")
        .param(PROVIDER.issuer(issuerId))
        .query(Long.class)
        .single();
  }
}
