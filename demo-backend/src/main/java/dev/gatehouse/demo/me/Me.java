package dev.gatehouse.demo.me;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The caller as the verified internal JWT describes them; {@code exp} in epoch seconds (RFC 7519
 * NumericDate); {@code jkt} the thumbprint of the device key the request proved (the JWT's {@code
 * dbsc.jkt}, present only for a device-bound session with a valid bound credential), else null.
 */
record Me(
    String sub,
    @Nullable String username,
    List<String> roles,
    List<String> aud,
    @Nullable String sid,
    long exp,
    @Nullable String jkt) {

  static Me from(Jwt jwt) {
    // sub and exp are guaranteed by the decoder's validators (see SecurityConfiguration).
    Instant exp = Objects.requireNonNull(jwt.getExpiresAt(), "exp");
    List<String> roles = jwt.getClaimAsStringList("roles");
    List<String> aud = jwt.getAudience();
    return new Me(
        Objects.requireNonNull(jwt.getSubject(), "sub"),
        jwt.getClaimAsString("preferred_username"),
        (roles != null) ? roles : List.of(),
        (aud != null) ? aud : List.of(),
        jwt.getClaimAsString("sid"),
        exp.getEpochSecond(),
        jkt(jwt));
  }

  private static @Nullable String jkt(Jwt jwt) {
    Map<String, Object> dbsc = jwt.getClaimAsMap("dbsc");
    return dbsc != null && dbsc.get("jkt") instanceof String jkt ? jkt : null;
  }
}
