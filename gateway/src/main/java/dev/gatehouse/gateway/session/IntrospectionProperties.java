package dev.gatehouse.gateway.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpHeaders;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway reaches auth-service's RFC 7662 introspection endpoint.
 *
 * @param uri the introspection endpoint
 * @param clientId the gateway's client id for HTTP Basic client authentication
 * @param clientSecret the gateway's client secret (shared with auth-service's {@code
 *     gatehouse.introspection.client-secret}); required
 * @param timeout how long one introspection call may take before the request is answered 503
 * @param retryAfter the {@code Retry-After} sent with a 503 when auth-service cannot be reached
 */
@Validated
@ConfigurationProperties("gatehouse.introspection")
public record IntrospectionProperties(
    @DefaultValue("http://localhost:9000/oauth2/introspect") @NotNull URI uri,
    @DefaultValue("gateway") @NotBlank String clientId,
    @NotBlank(
            message =
                "must be set (GATEHOUSE_INTROSPECTION_CLIENT_SECRET), the same value as auth-service's")
        String clientSecret,
    @DefaultValue("2s") @NotNull Duration timeout,
    @DefaultValue("5s") @NotNull Duration retryAfter) {

  /**
   * Sets HTTP Basic client authentication on {@code headers}, the id and secret form-urlencoded
   * first as RFC 6749 §2.3.1 requires; every call the gateway makes to auth-service's internal
   * endpoints carries it.
   */
  public void authenticate(HttpHeaders headers) {
    headers.setBasicAuth(
        URLEncoder.encode(clientId, StandardCharsets.UTF_8),
        URLEncoder.encode(clientSecret, StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "IntrospectionProperties[uri=" + uri + ", clientId=" + clientId + ", clientSecret=***]";
  }
}
