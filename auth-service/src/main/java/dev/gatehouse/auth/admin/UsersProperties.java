package dev.gatehouse.auth.admin;

import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * User management by operators.
 *
 * @param roles the role names operators may give (lower case; anything else is refused with 400);
 *     default {@code user,admin}
 * @param linkTtl how long an enrollment or password-reset link works; default 24 hours
 */
@ConfigurationProperties("gatehouse.users")
@Validated
record UsersProperties(
    @DefaultValue({"user", "admin"}) @NotEmpty List<String> roles,
    @DefaultValue("24h") Duration linkTtl) {

  UsersProperties {
    roles = roles.stream().map(role -> role.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    if (linkTtl.isNegative() || linkTtl.isZero()) {
      throw new IllegalArgumentException("gatehouse.users.link-ttl must be positive");
    }
  }
}
