package dev.gatehouse.auth.enrollment;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first admin of a fresh database. Only when the {@code users} table is empty at start, and
 * only with {@code admin-username} set, an account with roles {@code user} and {@code admin} is
 * created, once, whatever the number of instances starting at once.
 *
 * @param adminUsername login name of the first admin; unset, nothing is bootstrapped
 * @param adminPasswordFile file holding the first admin's password (a Docker or Kubernetes secret);
 *     one trailing line break is ignored; it must pass the password policy or startup fails. Unset,
 *     a one-time setup link is written to the log instead
 * @param setupLinkTtl how long the setup link works; default 30 minutes. A restart after it
 *     expired, while the admin still has no password, logs a new one
 */
@ConfigurationProperties("gatehouse.bootstrap")
record BootstrapProperties(
    @Nullable String adminUsername,
    @Nullable Path adminPasswordFile,
    @DefaultValue("30m") Duration setupLinkTtl) {

  BootstrapProperties {
    if (setupLinkTtl.isNegative() || setupLinkTtl.isZero()) {
      throw new IllegalArgumentException("gatehouse.bootstrap.setup-link-ttl must be positive");
    }
  }
}
