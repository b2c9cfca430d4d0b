package dev.gatehouse.auth.session;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The introspection client secret, read here as well: unless {@code gatehouse.session.token-secret}
 * is set, it keys the session token's check value. It is required and documented by the {@code
 * system} feature's introspection client settings; binding the one value again keeps {@code
 * session} free of a dependency on {@code system} (which depends on {@code session}).
 *
 * @param clientSecret the secret the gateway authenticates with, shared by both services
 */
@ConfigurationProperties("gatehouse.introspection")
record IntrospectionSecret(@Nullable String clientSecret) {

  /** Never prints the secret: records print every component by default. */
  @Override
  public String toString() {
    return "IntrospectionSecret[******]";
  }
}
