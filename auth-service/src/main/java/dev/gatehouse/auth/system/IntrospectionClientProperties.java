package dev.gatehouse.auth.system;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The one client allowed to call {@code /oauth2/introspect} and {@code /internal/**} (the gateway),
 * authenticated with HTTP Basic as RFC 6749 §2.3.1 describes.
 *
 * @param clientId client id the gateway sends; default {@code gateway}
 * @param clientSecret client secret the gateway sends; required, no default (also set it on the
 *     gateway). Environment variable: {@code GATEHOUSE_INTROSPECTION_CLIENT_SECRET}
 */
@ConfigurationProperties("gatehouse.introspection")
@Validated
record IntrospectionClientProperties(
    @DefaultValue("gateway") @NotBlank String clientId,
    @NotBlank(
            message =
                "must be set: the gateway authenticates to /oauth2/introspect and /internal/** with"
                    + " it (set gatehouse.introspection.client-secret, e.g. with the environment"
                    + " variable GATEHOUSE_INTROSPECTION_CLIENT_SECRET, to the same value as on"
                    + " the gateway)")
        String clientSecret) {

  /** Never prints the secret: records print every component by default. */
  @Override
  public String toString() {
    return "IntrospectionClientProperties[clientId=" + clientId + ", clientSecret=******]";
  }
}
