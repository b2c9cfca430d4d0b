package dev.gatehouse.auth.system;

import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;

/**
 * Three stateless filter chains, most specific first:
 *
 * <ol>
 *   <li>internal endpoints ({@code /oauth2/introspect}, {@code /internal/**}, the Prometheus
 *       scrape): HTTP Basic client authentication of the gateway;
 *   <li>public endpoints ({@code /login}, errors, health): open to everyone;
 *   <li>everything else ({@code /logout}, {@code /account/**}, {@code /admin/**}): an OAuth2
 *       resource server that identifies the caller by the gateway-minted JWT (RFC 6750 bearer,
 *       ES256, issuer and audience checked), exactly like any other backend behind Gatehouse.
 * </ol>
 *
 * No chain creates an HTTP session: the session is ours, in the database, named by the cookie.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /**
   * Spring's default clock skew is 60 s, which would stretch the gateway's 60 s tokens to about 120
   * s. Boot adds every {@code OAuth2TokenValidator<Jwt>} bean to its decoder, and a {@link
   * JwtTimestampValidator} among them replaces the default one.
   */
  static final Duration JWT_CLOCK_SKEW = Duration.ofSeconds(5);

  @Bean
  @Order(1)
  SecurityFilterChain clientChain(HttpSecurity http, IntrospectionClientProperties client)
      throws Exception {
    BasicAuthenticationEntryPoint entryPoint = new BasicAuthenticationEntryPoint();
    entryPoint.setRealmName("gatehouse");
    http.securityMatcher("/oauth2/introspect", "/internal/**", "/actuator/prometheus")
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .authenticationManager(
            new ProviderManager(new ClientCredentialsAuthenticationProvider(client)))
        .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint))
        // Machine-to-machine calls with explicit credentials: there is no ambient credential a
        // browser could be tricked into sending, so CSRF protection has nothing to protect.
        .csrf(AbstractHttpConfigurer::disable);
    return stateless(http).build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain publicChain(HttpSecurity http) throws Exception {
    http.securityMatcher(
            "/login",
            "/error",
            "/css/**",
            "/images/**",
            "/favicon.ico",
            "/actuator/health",
            "/actuator/health/**",
            "/actuator/info")
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        // The login form is reached through the gateway, which refuses state-changing browser
        // requests whose Origin is foreign or null or whose Sec-Fetch-Site is cross-site. A CSRF
        // token would need server-side state before login (an HTTP session) for no added defence;
        // login CSRF is further limited because login always creates a fresh session.
        .csrf(AbstractHttpConfigurer::disable);
    return stateless(http).build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain resourceServerChain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(
            requests ->
                requests
                    // Logout is idempotent: without a token it still clears the cookie. A token
                    // that is present but invalid (forged, expired, wrong audience) is still a 401:
                    // the bearer filter rejects it before authorization is decided.
                    .requestMatchers(HttpMethod.POST, "/logout")
                    .permitAll()
                    .requestMatchers("/admin/**")
                    .hasRole("admin")
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
        // Logout: the same gateway Origin/Sec-Fetch-Site check applies, the session cookie is
        // SameSite=Lax (a cross-site POST carries none), and the worst a forged logout can do is
        // log the user out. The operator endpoints of later issues add their own CSRF defence.
        .csrf(csrf -> csrf.ignoringRequestMatchers("/logout"));
    return stateless(http).build();
  }

  @Bean
  JwtTimestampValidator jwtTimestampValidator(Clock clock) {
    JwtTimestampValidator validator = new JwtTimestampValidator(JWT_CLOCK_SKEW);
    validator.setClock(clock);
    // The gateway always sets exp; a token without one would never expire.
    validator.setAllowEmptyExpiryClaim(false);
    return validator;
  }

  private static HttpSecurity stateless(HttpSecurity http) throws Exception {
    return http.sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        // Our own controller handles POST /logout; Spring's LogoutFilter would answer it first.
        .logout(logout -> logout.disable())
        .formLogin(form -> form.disable());
  }
}
