package dev.gatehouse.auth.system;

import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.util.Assert;

/**
 * Authenticates the Prometheus scrape of {@code /actuator/prometheus} from the HTTP Basic
 * credentials (RFC 7617, taken as sent: Prometheus does not form-encode them), compared as SHA-256
 * digests in constant time like the client credentials. Without a configured password every attempt
 * fails.
 */
final class ScrapeCredentialsAuthenticationProvider implements AuthenticationProvider {

  static final String ROLE = "ROLE_METRICS_SCRAPE";

  private final String username;
  private final byte[] usernameDigest;
  private final byte @Nullable [] passwordDigest;

  ScrapeCredentialsAuthenticationProvider(MetricsProperties properties) {
    Assert.notNull(properties, "properties cannot be null");
    this.username = properties.scrapeUsername();
    this.usernameDigest = ClientCredentialsAuthenticationProvider.sha256(username);
    String password = properties.scrapePassword();
    this.passwordDigest =
        properties.scrapeEnabled() && password != null
            ? ClientCredentialsAuthenticationProvider.sha256(password)
            : null;
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    Object credentials = authentication.getCredentials();
    if (passwordDigest == null || credentials == null) {
      throw new BadCredentialsException("Bad scrape credentials");
    }
    // Non-short-circuit '&': both comparisons always run.
    boolean matches =
        MessageDigest.isEqual(
                ClientCredentialsAuthenticationProvider.sha256(authentication.getName()),
                usernameDigest)
            & MessageDigest.isEqual(
                ClientCredentialsAuthenticationProvider.sha256(credentials.toString()),
                passwordDigest);
    if (!matches) {
      throw new BadCredentialsException("Bad scrape credentials");
    }
    return UsernamePasswordAuthenticationToken.authenticated(
        username, null, AuthorityUtils.createAuthorityList(ROLE));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }

  @Override
  public String toString() {
    return "ScrapeCredentialsAuthenticationProvider[username=" + username + "]";
  }
}
