package dev.gatehouse.demo.security;

import static org.springframework.security.config.Customizer.withDefaults;

import java.time.Duration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.StringUtils;

/**
 * The whole of the backend's security, as configuration. Everything else (JWKS URI, ES256 only,
 * issuer, audience, {@code roles} → {@code ROLE_*}) is in {@code application.yml}; Spring Boot
 * builds the {@code JwtDecoder} from it and adds the validator beans below to its defaults.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /**
   * Gatehouse tokens live 60 s; Spring's default 60 s clock skew would accept them for about 120 s.
   * A {@link JwtTimestampValidator} bean replaces Spring's default one (Spring Security 7 {@code
   * JwtValidators.createDefaultWithValidators} adds its own only when none is given), and {@code
   * exp} becomes mandatory (Spring accepts a token without {@code exp} by default).
   */
  @Bean
  JwtTimestampValidator jwtTimestampValidator() {
    JwtTimestampValidator validator = new JwtTimestampValidator(Duration.ofSeconds(5));
    validator.setAllowEmptyExpiryClaim(false);
    return validator;
  }

  /** Every token names its user (RFC 8725 §3.8); per-user data is keyed by {@code sub}. */
  @Bean
  JwtClaimValidator<String> jwtSubjectValidator() {
    return new JwtClaimValidator<>(JwtClaimNames.SUB, StringUtils::hasText);
  }

  /**
   * Every Gatehouse token names its signing key; one without {@code kid} did not come from the
   * gateway (RFC 7515 §4.1.4, ASVS 5.0 9.1.3: keys only from the configured JWKS, by id).
   */
  @Bean
  OAuth2TokenValidator<Jwt> jwtKeyIdRequired() {
    return jwt ->
        jwt.getHeaders().get("kid") instanceof String kid && !kid.isBlank()
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(
                new OAuth2Error("invalid_token", "The token has no kid header", null));
  }

  /**
   * Boot's default chain, plus a public health endpoint and a 503 instead of a 500 while the
   * gateway's JWKS cannot be fetched ({@link KeysUnavailableFailureHandler}). Stateless, and
   * without CSRF tokens: the only credential is the {@code Authorization} header, which a browser
   * never adds by itself. The JWKS client keeps Spring Security's own timeouts (500 ms connect and
   * read, {@code NimbusJwtDecoder}'s default), so a hung gateway costs a request at most about 1 s.
   */
  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(EndpointRequest.to("health"))
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(AbstractHttpConfigurer::disable)
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .jwt(withDefaults())
                    // The gateway's JWKS unreachable: 503, not the 500 Spring's default handler
                    // makes of it by rethrowing. A bad token stays a 401.
                    .withObjectPostProcessor(
                        new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                          @Override
                          public <F extends BearerTokenAuthenticationFilter> F postProcess(
                              F filter) {
                            filter.setAuthenticationFailureHandler(
                                new KeysUnavailableFailureHandler());
                            return filter;
                          }
                        }))
        .build();
  }
}
