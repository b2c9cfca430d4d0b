package dev.gatehouse.demo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.gatehouse.demo.AbstractIntegrationTests;
import dev.gatehouse.testsupport.jwt.TestJwksServer;
import dev.gatehouse.testsupport.jwt.TestSigningKey;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resource server's verdict on every kind of token a backend may receive (RFC 6750 §3.1, RFC
 * 8725, RFC 9068 §4, OWASP ASVS 5.0 V9), with nothing but {@code application.yml} and {@link
 * SecurityConfiguration}.
 */
class JwtVerificationIntegrationTests extends AbstractIntegrationTests {

  /** The attacker's key, also published by the attacker's own JWKS endpoint. */
  private static final TestSigningKey ATTACKER_KEY = TestSigningKey.generate("attacker-1");

  private static final TestJwksServer ATTACKER_JWKS = TestJwksServer.start(ATTACKER_KEY);

  @AfterAll
  static void stopAttackerJwks() {
    ATTACKER_JWKS.close();
  }

  static Stream<Arguments> rejectedRequests() {
    Instant now = Instant.now();
    return Stream.of(
        row("no token", () -> null),
        row("expired a minute ago", () -> gatewayToken().issuedAt(now.minusSeconds(120)).sign()),
        row(
            "expired 10 s ago (beyond the 5 s skew)",
            () -> gatewayToken().issuedAt(now.minusSeconds(70)).sign()),
        row(
            "not yet valid (nbf in 30 s)",
            () -> gatewayToken().notBefore(now.plusSeconds(30)).sign()),
        row("no exp", () -> gatewayToken().withoutClaim("exp").sign()),
        row("no sub", () -> gatewayToken().withoutClaim("sub").sign()),
        row("wrong aud", () -> gatewayToken().audience("billing").sign()),
        row(
            "aud of another route (auth-service)",
            () -> gatewayToken().audience("auth-service").sign()),
        row("no aud", () -> gatewayToken().withoutClaim("aud").sign()),
        row("wrong iss", () -> gatewayToken().issuer("https://evil.example").sign()),
        row("no iss", () -> gatewayToken().withoutClaim("iss").sign()),
        row("alg none", () -> gatewayToken().unsecured()),
        row(
            "HS256 keyed with the gateway's public key",
            () -> gatewayToken().signHs256WithPublicKey()),
        row("RS256 under the gateway's kid", () -> gatewayToken().signRs256()),
        row("signature stripped", () -> gatewayToken().signAndStripSignature()),
        row("payload tampered (roles escalated)", () -> gatewayToken().signAndTamper()),
        row("unknown kid", () -> tokenSignedBy(TestSigningKey.generate()).sign()),
        row("no kid, signed by the gateway's key", () -> gatewayToken().keyId(null).sign()),
        row(
            "foreign key under the gateway's kid",
            () -> tokenSignedBy(TestSigningKey.generate(GATEWAY_KEY.kid())).sign()),
        row(
            "kid with path traversal",
            () -> tokenSignedBy(TestSigningKey.generate("../../../etc/passwd")).sign()),
        row(
            "embedded jwk with the attacker's key",
            () -> tokenSignedBy(ATTACKER_KEY).embeddedJwk(ATTACKER_KEY.publicJwk()).sign()),
        row(
            "embedded jwk under the gateway's kid",
            () ->
                tokenSignedBy(TestSigningKey.generate(GATEWAY_KEY.kid()))
                    .embeddedJwk(ATTACKER_KEY.publicJwk())
                    .sign()),
        row(
            "jku pointing to the attacker's JWKS",
            () -> tokenSignedBy(ATTACKER_KEY).jwkSetUrl(ATTACKER_JWKS.jwkSetUri()).sign()),
        row(
            "x5u pointing to the attacker's server",
            () ->
                tokenSignedBy(ATTACKER_KEY)
                    .x509Url(URI.create(ATTACKER_JWKS.baseUrl() + "/cert.pem"))
                    .sign()),
        row("typ at+jwt", () -> gatewayToken().type("at+jwt").sign()),
        row("session-cookie-like opaque bearer", JwtVerificationIntegrationTests::sessionToken),
        row("garbage", () -> "not.a.jwt"));
  }

  @ParameterizedTest
  @MethodSource("rejectedRequests")
  void requestWhenTokenNotAcceptableThenUnauthorizedAndNoKeyFetchedElsewhere(
      Supplier<@Nullable String> token) {
    String bearer = token.get();

    HttpResponse<String> response = get("/api/me", bearer);

    assertThat(response.statusCode()).isEqualTo(401);
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge).startsWith("Bearer");
    if (bearer != null) {
      assertThat(challenge).contains("error=\"invalid_token\"");
    }
    assertThat(ATTACKER_JWKS.requestCount()).as("requests to the attacker's server").isZero();
  }

  @Test
  void requestWhenGatewayTokenThenKeysFetchedOnlyFromJwkSetUriWithoutDiscovery() {
    assertThat(get("/api/me", gatewayToken().sign()).statusCode()).isEqualTo(200);

    // The issuer is this server's base URL: an OpenID/OAuth discovery request would show up here.
    assertThat(GATEWAY_JWKS.requestedPaths()).containsOnly(TestJwksServer.JWKS_PATH);
  }

  @Test
  void requestWhenSignedByNewlyPublishedKeyThenAccepted() {
    assertThat(get("/api/me", gatewayToken().sign()).statusCode()).isEqualTo(200);
    TestSigningKey rotated = TestSigningKey.generate("gateway-2");
    GATEWAY_JWKS.publish(GATEWAY_KEY, rotated);

    // The cached key set lacks the new kid: the decoder must fetch the key set again.
    assertThat(get("/api/me", tokenSignedBy(rotated).sign()).statusCode()).isEqualTo(200);
    assertThat(get("/api/me", gatewayToken().sign()).statusCode()).isEqualTo(200);
  }

  @Test
  void requestWhenExpiringWithinTheSkewThenStillAccepted() {
    String token = gatewayToken().issuedAt(Instant.now().minusSeconds(61)).sign();

    assertThat(get("/api/me", token).statusCode()).isEqualTo(200);
  }

  @Test
  void requestWhenNoTypThenAccepted() {
    assertThat(get("/api/me", gatewayToken().type(null).sign()).statusCode()).isEqualTo(200);
  }

  @Test
  void healthWhenNoTokenThenUp() {
    HttpResponse<String> response = get("/actuator/health", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"UP\"");
  }

  @Test
  void actuatorWhenOtherEndpointThenUnauthorized() {
    assertThat(get("/actuator", null).statusCode()).isEqualTo(401);
  }

  private static Arguments row(String name, Supplier<@Nullable String> token) {
    return argumentSet(name, token);
  }

  /** What a session cookie value looks like: 256 random bits, base64url, 43 characters. */
  private static String sessionToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
