package dev.gatehouse.e2e;

import java.util.List;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.jspecify.annotations.Nullable;

/**
 * A real OpenID provider in the test JVM ({@code mock-oauth2-server} on a random loopback port)
 * with its interactive login page: a person types a subject and the claims of their ID token.
 * Started once, before the shared stack whose auth-service discovers it at startup; stopped when
 * the JVM exits.
 */
final class OpenIdProvider {

  static final String ISSUER_ID = "e2e";
  static final String REGISTRATION = "corp";
  static final String CLIENT_NAME = "Corp SSO";

  private static @Nullable OpenIdProvider shared;

  private final MockOAuth2Server server =
      new MockOAuth2Server(
          new OAuth2Config(
              true,
              null,
              null,
              false,
              new OAuth2TokenProvider(),
              Set.of(),
              new NettyWrapper(null)));

  private OpenIdProvider() {
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
  }

  static synchronized OpenIdProvider shared() {
    if (shared == null) {
      shared = new OpenIdProvider();
    }
    return shared;
  }

  String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /**
   * auth-service's settings for this provider: the registration (discovered from {@code
   * issuer-uri}), the callback on the gateway (the browser's origin), auto-provision, and the group
   * {@code corp-admins} mapped to role admin.
   */
  List<String> authServiceSettings(String gatewayOrigin) {
    String registration = "--spring.security.oauth2.client.registration." + REGISTRATION;
    return List.of(
        registration + ".client-id=gatehouse-e2e",
        registration + ".client-secret=e2e-client-secret",
        registration + ".client-name=" + CLIENT_NAME,
        registration + ".scope=openid,profile",
        registration + ".redirect-uri=" + gatewayOrigin + "/login/oauth2/code/{registrationId}",
        "--spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri=" + issuer(),
        "--gatehouse.oidc.providers." + REGISTRATION + ".auto-provision=true",
        "--gatehouse.oidc.providers." + REGISTRATION + ".role-mapping.corp-admins=admin");
  }
}
