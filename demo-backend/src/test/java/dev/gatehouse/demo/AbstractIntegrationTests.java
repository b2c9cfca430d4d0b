package dev.gatehouse.demo;

import dev.gatehouse.testsupport.jwt.TestJwksServer;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running backend on a random port, verifying tokens against a stand-in for the gateway's JWKS
 * endpoint. Every integration test extends this class so they all share one Spring context (and one
 * key server, which lives as long as the test JVM, like the cached context).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class AbstractIntegrationTests {

  /** The gateway's signing key. */
  protected static final TestSigningKey GATEWAY_KEY = TestSigningKey.generate("gateway-1");

  /** The gateway's {@code /.well-known/jwks.json}; its base URL is also the issuer. */
  protected static final TestJwksServer GATEWAY_JWKS = TestJwksServer.start(GATEWAY_KEY);

  protected static final String ISSUER = GATEWAY_JWKS.baseUrl();

  protected static final String AUDIENCE = "demo-backend";

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(GATEWAY_JWKS::close));
  }

  @LocalServerPort private int port;

  @DynamicPropertySource
  static void trustTheTestGateway(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        () -> GATEWAY_JWKS.jwkSetUri().toString());
    registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
  }

  /** A token exactly as the gateway mints it for this backend's route. */
  protected static TestJwt gatewayToken() {
    return tokenSignedBy(GATEWAY_KEY);
  }

  /** A token with the right issuer and audience, signed by {@code key}. */
  protected static TestJwt tokenSignedBy(TestSigningKey key) {
    return TestJwt.builder(key).issuer(ISSUER).audience(AUDIENCE);
  }

  protected HttpResponse<String> get(String path, @Nullable String bearer) {
    return send(request(path, bearer).GET());
  }

  protected HttpResponse<String> postJson(String path, @Nullable String bearer, String json) {
    return send(
        request(path, bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  protected HttpRequest.Builder request(String path, @Nullable String bearer) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return request;
  }

  protected static HttpResponse<String> send(HttpRequest.Builder request) {
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
