package dev.gatehouse.auth.oidc.logout;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The back-channel logout endpoint's own filter chain, before the resource-server chain that would
 * ask for a gateway-minted JWT: open to everyone, because the caller is the provider and the
 * credential is the signed logout token itself. No CSRF protection: no browser sends this request
 * with an ambient credential (no cookie or session is read, and a forged request would need a token
 * signed by the provider), and a CSRF token would make every provider's call fail.
 */
@Configuration(proxyBeanMethods = false)
class BackChannelLogoutSecurityConfiguration {

  /** Any order before the resource-server chain ({@code anyRequest}) would do; the path is ours. */
  @Bean
  @Order(1)
  SecurityFilterChain backChannelLogoutChain(HttpSecurity http) throws Exception {
    return http.securityMatcher("/logout/connect/back-channel/*")
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .logout(logout -> logout.disable())
        .formLogin(form -> form.disable())
        .build();
  }
}
