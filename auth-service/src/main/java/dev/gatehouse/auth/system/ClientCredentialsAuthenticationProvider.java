package dev.gatehouse.auth.system;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.util.Assert;

/**
 * Authenticates the introspection client from the HTTP Basic credentials Spring's {@code
 * BasicAuthenticationFilter} extracted. RFC 6749 §2.3.1: the client id and secret are
 * form-urlencoded before Base64, so they are URL-decoded here (a raw {@code :} can therefore never
 * appear in the id, which makes the filter's split at the first colon correct).
 *
 * <p>The secret is a high-entropy machine credential checked on the gateway's cache-miss hot path,
 * so it is compared as SHA-256 digests in constant time ({@link MessageDigest#isEqual}) instead of
 * with a deliberately slow password hash; digesting first also hides the secret's length.
 */
final class ClientCredentialsAuthenticationProvider implements AuthenticationProvider {

  static final String ROLE = "ROLE_INTROSPECTION_CLIENT";

  private final String clientId;
  private final byte[] clientIdDigest;
  private final byte[] clientSecretDigest;

  ClientCredentialsAuthenticationProvider(IntrospectionClientProperties properties) {
    Assert.notNull(properties, "properties cannot be null");
    this.clientId = properties.clientId();
    this.clientIdDigest = sha256(properties.clientId());
    this.clientSecretDigest = sha256(properties.clientSecret());
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    String id = formDecode(authentication.getName());
    String secret = formDecode(authentication.getCredentials());
    // Non-short-circuit '&': both comparisons always run.
    boolean matches =
        MessageDigest.isEqual(sha256(id), clientIdDigest)
            & MessageDigest.isEqual(sha256(secret), clientSecretDigest);
    if (!matches) {
      throw new BadCredentialsException("Bad client credentials");
    }
    return UsernamePasswordAuthenticationToken.authenticated(
        clientId, null, AuthorityUtils.createAuthorityList(ROLE));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }

  private static String formDecode(@Nullable Object value) {
    if (value == null) {
      throw new BadCredentialsException("Bad client credentials");
    }
    try {
      return URLDecoder.decode(value.toString(), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException ex) {
      throw new BadCredentialsException("Bad client credentials");
    }
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
    }
  }
}
