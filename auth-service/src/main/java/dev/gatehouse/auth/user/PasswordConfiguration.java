package dev.gatehouse.auth.user;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Password hashing: Argon2id for new hashes, bcrypt still accepted (and upgraded at the next
 * successful login), each hash prefixed with its encoder id ({@code {argon2}…}, {@code {bcrypt}…}).
 */
@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

  /**
   * Argon2id with t=2, m=19 MiB, p=1: the OWASP / ASVS 5.0 (Appendix C) minimum. Spring's {@code
   * defaultsForSpringSecurity_v5_8()} uses m=16 MiB, below it.
   */
  static final int ARGON2_MEMORY_KIB = 19 * 1024;

  static final int ARGON2_ITERATIONS = 2;
  static final int ARGON2_PARALLELISM = 1;

  @Bean
  PasswordEncoder passwordEncoder() {
    PasswordEncoder argon2 =
        new Argon2PasswordEncoder(16, 32, ARGON2_PARALLELISM, ARGON2_MEMORY_KIB, ARGON2_ITERATIONS);
    return new DelegatingPasswordEncoder(
        "argon2", Map.of("argon2", argon2, "bcrypt", new BCryptPasswordEncoder()));
  }
}
