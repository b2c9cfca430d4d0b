package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.gateway.session.SessionProperties;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

class SpoofableHeadersTests {

  static final InetSocketAddress CLIENT = new InetSocketAddress("198.51.100.7", 40000);
  static final InetSocketAddress PROXY = new InetSocketAddress("10.0.0.2", 40000);
  static final URI REQUESTED = URI.create("http://gateway.example/api/me");

  final SpoofableHeaders spoofable =
      new SpoofableHeaders(
          new HeaderProperties(List.of("X-Legacy-*"), "10\\.0\\.0\\.\\d+"),
          new SessionProperties("GATEHOUSE_SESSION", 4096, null));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Authorization",
        "Proxy-Authorization",
        "X-Gatehouse-User",
        "X_Gatehouse_User",
        "x_gatehouse_roles",
        "X-Gatehouse_Username",
        "X-Gatehouse-Client",
        "X-User-Id",
        "X_User_Id",
        "X-Original-URL",
        "X_Original_URL",
        "X-Rewrite-URL",
        "X-Remote-User",
        "Remote-User",
        "Remote_User",
        "X-Forwarded-User",
        "X_Forwarded_User",
        "X-Forwarded-Email",
        "X-Forwarded-Preferred-Username",
        "X-Forwarded-Groups",
        "X-Forwarded-Access-Token",
        "X-Auth-Request-User",
        "X-Auth-Request-Email",
        "X_Auth_Request_Groups",
        "X-WEBAUTH-USER",
        "X-Authenticated-User",
        "X-Authenticated-Userid",
        "X-Consumer-Username",
        "Cf-Access-Authenticated-User-Email",
        "X-Goog-Authenticated-User-Email",
        "X-Amzn-Oidc-Identity",
        "X-MS-CLIENT-PRINCIPAL-NAME",
        "X-HTTP-Method-Override",
        "X-HTTP-Method",
        "X-Method-Override",
        "X_HTTP_Method_Override",
        "X-Legacy-User",
        "X_Legacy_User"
      })
  void stripWhenIdentityHeaderFromAnyoneThenRemoved(String name) {
    for (InetSocketAddress peer : List.of(CLIENT, PROXY)) {
      HttpHeaders headers = new HttpHeaders();
      headers.add(name, "admin");

      spoofable.strip(headers, peer, REQUESTED);

      assertThat(headers.containsHeader(name)).as("%s from %s", name, peer).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-Forwarded-Host", "X_Forwarded_Host", "Forwarded", "X-Real-IP"})
  void stripWhenProxyHeaderFromClientThenRemovedButKeptFromTrustedProxy(String name) {
    HttpHeaders fromClient = new HttpHeaders();
    fromClient.add(name, "evil.example");
    spoofable.strip(fromClient, CLIENT, REQUESTED);
    assertThat(fromClient.getOrEmpty(name)).doesNotContain("evil.example");

    HttpHeaders fromProxy = new HttpHeaders();
    fromProxy.add(name, "app.example");
    spoofable.strip(fromProxy, PROXY, REQUESTED);
    assertThat(fromProxy.getFirst(name)).isEqualTo("app.example");
  }

  @Test
  void stripWhenConnectionNamesProtectedHeadersThenTokensDroppedAndClientValuesRemoved() {
    HttpHeaders headers = new HttpHeaders();
    headers.add(HttpHeaders.CONNECTION, "keep-alive, Authorization, X-Forwarded-For");
    headers.add(HttpHeaders.CONNECTION, "X-Gatehouse-User,Content-Length, X-Hop");
    headers.add("X-Hop", "for the gateway only");
    headers.add(HttpHeaders.CONTENT_LENGTH, "0");
    headers.add("X-Forwarded-For", "10.6.6.6");

    spoofable.strip(headers, CLIENT, REQUESTED);

    assertThat(headers.getOrEmpty(HttpHeaders.CONNECTION)).containsExactly("keep-alive");
    assertThat(headers.containsHeader("X-Hop")).as("a real hop-by-hop header").isFalse();
    assertThat(headers.getFirst(HttpHeaders.CONTENT_LENGTH)).isEqualTo("0");
    assertThat(headers.getFirst("X-Forwarded-For")).isEqualTo("198.51.100.7");
  }

  @Test
  void stripWhenConnectionHasOnlyForeignTokensThenConnectionRemoved() {
    HttpHeaders headers = new HttpHeaders();
    headers.add(HttpHeaders.CONNECTION, "Authorization");

    spoofable.strip(headers, CLIENT, REQUESTED);

    assertThat(headers.containsHeader(HttpHeaders.CONNECTION)).isFalse();
  }

  @Test
  void stripWhenUpgradeThenConnectionUpgradeKept() {
    HttpHeaders headers = new HttpHeaders();
    headers.add(HttpHeaders.CONNECTION, "Upgrade");
    headers.add(HttpHeaders.UPGRADE, "websocket");

    spoofable.strip(headers, CLIENT, REQUESTED);

    assertThat(headers.getFirst(HttpHeaders.CONNECTION)).isEqualTo("upgrade");
    assertThat(headers.getFirst(HttpHeaders.UPGRADE)).isEqualTo("websocket");
  }

  @Test
  void stripWhenSessionCookieAmongOthersThenOnlyItIsRemoved() {
    HttpHeaders headers = new HttpHeaders();
    headers.add(HttpHeaders.COOKIE, "theme=dark; GATEHOUSE_SESSION=abc; lang=en");

    spoofable.strip(headers, CLIENT, REQUESTED);

    assertThat(headers.getFirst(HttpHeaders.COOKIE)).isEqualTo("theme=dark; lang=en");
  }

  @Test
  void stripWhenBoundCredentialCookieAmongOthersThenItAndTheSessionCookieRemoved() {
    HttpHeaders headers = new HttpHeaders();
    headers.add(
        HttpHeaders.COOKIE, "theme=dark; GATEHOUSE_SESSION=abc; GATEHOUSE_BOUND=bc; lang=en");

    spoofable.strip(headers, CLIENT, REQUESTED);

    assertThat(headers.getFirst(HttpHeaders.COOKIE)).isEqualTo("theme=dark; lang=en");
  }

  @Test
  void stripWhenOnlyTheBoundCredentialCookieThenNoCookieHeaderLeft() {
    HttpHeaders headers = new HttpHeaders();
    headers.add(HttpHeaders.COOKIE, "GATEHOUSE_BOUND=bc");

    spoofable.strip(headers, CLIENT, REQUESTED);

    assertThat(headers.containsHeader(HttpHeaders.COOKIE)).isFalse();
  }
}
