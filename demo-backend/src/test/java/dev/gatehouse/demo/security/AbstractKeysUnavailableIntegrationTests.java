package dev.gatehouse.demo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.testsupport.jwt.TestJwt;
import dev.gatehouse.testsupport.jwt.TestSigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The backend while the gateway's JWKS cannot be fetched: a well-formed token that cannot be
 * checked is a 503 with {@code Retry-After} and problem JSON ({@code "error":
 * "temporarily_unavailable"}) within Spring Security's JWKS timeouts (500 ms connect and read; the
 * ceiling here is 10 s), never a 500; a malformed token is still a 401. Each subclass points {@code
 * jwk-set-uri} at a JWKS that fails its own way (and gets a Spring context of its own).
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties =
        "spring.security.oauth2.resourceserver.jwt.issuer-uri="
            + AbstractKeysUnavailableIntegrationTests.ISSUER)
abstract class AbstractKeysUnavailableIntegrationTests {

  static final String ISSUER = "http://gateway.test";

  private static final Duration CEILING = Duration.ofSeconds(10);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort private int port;

  @Test
  void apiWhenKeysUnavailableThen503ProblemWithRetryAfter() {
    String token =
        TestJwt.builder(TestSigningKey.generate("gateway-1"))
            .issuer(ISSUER)
            .audience("demo-backend")
            .sign();

    HttpResponse<String> response = assertTimeoutPreemptively(CEILING, () -> get(token));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body())
        .contains("\"error\":\"temporarily_unavailable\"", "\"status\":503")
        .doesNotContain(token);
  }

  @Test
  void apiWhenKeysUnavailableAndTokenMalformedThenStill401() {
    HttpResponse<String> response = assertTimeoutPreemptively(CEILING, () -> get("not-a-jwt"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));
  }

  @Test
  void apiWhenKeysUnavailableAndNoTokenThenStill401() {
    HttpResponse<String> response = assertTimeoutPreemptively(CEILING, () -> get(null));

    assertThat(response.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> get(@Nullable String bearer) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
            .timeout(Duration.ofSeconds(10));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }
}
