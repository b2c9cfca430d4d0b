package dev.gatehouse.auth.system;

import dev.gatehouse.auth.session.SessionCookies;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

/**
 * Four stateless filter chains, most specific first:
 *
 * <ol>
 *   <li>the Prometheus scrape ({@code /actuator/prometheus}): HTTP Basic with the scrape's own
 *       credential ({@link MetricsProperties}), never the gateway's client credentials;
 *   <li>internal endpoints ({@code /oauth2/introspect}, {@code /internal/**}): HTTP Basic client
 *       authentication of the gateway (the scrape credential is refused there);
 *   <li>public endpoints ({@code /login}, its second step {@code /login/mfa}, the one-time link
 *       page {@code /login/link}, errors, health): open to everyone;
 *   <li>everything else ({@code /logout}, {@code /account/**}, {@code /admin/**}): an OAuth2
 *       resource server that identifies the caller by the gateway-minted JWT (RFC 6750 bearer,
 *       ES256, issuer and audience checked), exactly like any other backend behind Gatehouse;
 *       {@code /admin/**} needs role {@code admin}; the HTML forms of the operator and account
 *       pages carry CSRF tokens.
 * </ol>
 *
 * <p>The public and resource-server chains refuse cross-site state-changing requests first ({@link
 * CrossSiteRequestCheck}), for browsers that reach auth-service's port directly.
 *
 * <p>No chain creates an HTTP session: the session is ours, in the database, named by the cookie.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /**
   * Spring's default clock skew is 60 s, which would stretch the gateway's 60 s tokens to about 120
   * s. Boot adds every {@code OAuth2TokenValidator<Jwt>} bean to its decoder, and a {@link
   * JwtTimestampValidator} among them replaces the default one.
   */
  static final Duration JWT_CLOCK_SKEW = Duration.ofSeconds(5);

  /**
   * Synchronizer tokens guard the HTML forms of the operator and account pages: state-changing
   * requests under {@code /admin/ui/**} and {@code /account/ui/**}. A browser sends the session
   * cookie with them (through the gateway), so they are exactly what CSRF forges.
   *
   * <p>Everything else here is left to the other layers on purpose: the JSON API ({@code DELETE
   * /admin/sessions/{sid}}, {@code POST /admin/users/...}, {@code DELETE /account/sessions/...}) is
   * for curl and scripts. It is protected by the gateway and auth-service itself refusing
   * cross-site {@code Origin} / {@code Sec-Fetch-Site}, by the {@code SameSite=Lax} session cookie
   * (a cross-site POST carries none), by {@code DELETE} (a form cannot send it, a cross-origin
   * script needs a CORS preflight the gateway does not grant) and by the admin POSTs refusing a
   * <em>non-empty</em> body of a content type an HTML form can send. An empty body is accepted
   * whatever its declared type: Python's {@code urllib} and Java's {@code HttpURLConnection} send
   * {@code application/x-www-form-urlencoded} on every POST, and a body that is not there cannot
   * carry forged parameters (a forged form with no fields can only repeat what the URL already
   * says, which the Origin check and the cookie's {@code SameSite} stop). {@code POST /logout}: the
   * worst a forged logout does is log the user out.
   */
  static final RequestMatcher HTML_FORM_POSTS =
      new AndRequestMatcher(
          CsrfFilter.DEFAULT_CSRF_MATCHER,
          new OrRequestMatcher(
              PathPatternRequestMatcher.pathPattern("/admin/ui/**"),
              PathPatternRequestMatcher.pathPattern("/account/ui/**")));

  /**
   * The operator and account pages need no script, frame, image or font: only their own inline
   * styles and forms posting to their own origin (the gateway's, through which they are viewed).
   */
  static final String PAGE_CSP =
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  @Bean
  @Order(0)
  SecurityFilterChain metricsChain(HttpSecurity http, MetricsProperties metrics) throws Exception {
    return basicChain(
            http.securityMatcher("/actuator/prometheus"),
            new ScrapeCredentialsAuthenticationProvider(metrics),
            "gatehouse-metrics")
        .build();
  }

  @Bean
  @Order(1)
  SecurityFilterChain clientChain(HttpSecurity http, IntrospectionClientProperties client)
      throws Exception {
    return basicChain(
            http.securityMatcher("/oauth2/introspect", "/internal/**"),
            new ClientCredentialsAuthenticationProvider(client),
            "gatehouse")
        .build();
  }

  /** Every request authenticated with HTTP Basic by exactly one provider. */
  private static HttpSecurity basicChain(
      HttpSecurity http, AuthenticationProvider provider, String realm) throws Exception {
    BasicAuthenticationEntryPoint entryPoint = new BasicAuthenticationEntryPoint();
    entryPoint.setRealmName(realm);
    http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .authenticationManager(new ProviderManager(provider))
        .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint))
        // Every request must authenticate: an anonymous authentication would only be made to be
        // refused. Without it a request without credentials still gets the same 401.
        .anonymous(AbstractHttpConfigurer::disable)
        // Machine-to-machine calls with explicit credentials: there is no ambient credential a
        // browser could be tricked into sending, so CSRF protection has nothing to protect.
        .csrf(AbstractHttpConfigurer::disable);
    return stateless(http);
  }

  @Bean
  @Order(2)
  SecurityFilterChain publicChain(HttpSecurity http, CrossSiteRequestCheck crossSite)
      throws Exception {
    http.securityMatcher(
            "/login",
            "/login/link",
            "/login/mfa",
            // DBSC registration and refresh: the proof (and the session cookie or gateway JWT,
            // verified by the binding feature itself) is the credential.
            "/session-binding/**",
            "/error",
            "/login/assets/**",
            "/images/**",
            "/favicon.ico",
            "/actuator/health",
            "/actuator/health/**",
            "/actuator/info")
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        // Login CSRF is refused by the Origin / Sec-Fetch-Site check, here and at the gateway. A
        // CSRF token would need server-side state before login (an HTTP session) for no added
        // defence; login CSRF is further limited because login always creates a fresh session.
        .addFilterBefore(new CrossSiteRequestFilter(crossSite), CsrfFilter.class)
        .csrf(AbstractHttpConfigurer::disable);
    return stateless(http).build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain resourceServerChain(
      HttpSecurity http,
      SessionCookies sessionCookies,
      CrossSiteRequestCheck crossSite,
      Clock clock)
      throws Exception {
    KeysUnavailableFailureHandler tokenFailures = new KeysUnavailableFailureHandler(clock);
    // Before the bearer token is even read: a cross-site request is refused whoever sent it.
    http.addFilterBefore(new CrossSiteRequestFilter(crossSite), CsrfFilter.class)
        .authorizeHttpRequests(
            requests ->
                requests
                    // Logout is idempotent: without a token it still clears the cookie. A token
                    // that is present but invalid (forged, expired, wrong audience) is still a 401:
                    // the bearer filter rejects it before authorization is decided.
                    .requestMatchers(HttpMethod.POST, "/logout")
                    .permitAll()
                    // Defence in depth: the gateway's admin route requires the role too.
                    .requestMatchers("/admin", "/admin/**")
                    .hasRole("admin")
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .jwt(Customizer.withDefaults())
                    // A JWKS that cannot be fetched is a 503, not the 500 Spring's default
                    // handler makes of it by rethrowing; a bad token stays a 401.
                    .withObjectPostProcessor(
                        new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                          @Override
                          public <F extends BearerTokenAuthenticationFilter> F postProcess(
                              F filter) {
                            filter.setAuthenticationFailureHandler(tokenFailures);
                            return filter;
                          }
                        }))
        .csrf(
            csrf ->
                csrf.csrfTokenRepository(csrfTokenRepository(sessionCookies))
                    .withObjectPostProcessor(
                        new ObjectPostProcessor<CsrfFilter>() {
                          @Override
                          public <F extends CsrfFilter> F postProcess(F filter) {
                            // Replaces the matcher the configurer built: the resource server
                            // adds "ignore requests with a bearer token" to it (a bearer token
                            // is no ambient credential, usually). Ours is: the gateway mints it
                            // from the session cookie the browser sends by itself.
                            filter.setRequireCsrfProtectionMatcher(HTML_FORM_POSTS);
                            return filter;
                          }
                        }))
        .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(PAGE_CSP)));
    return stateless(http).build();
  }

  /**
   * The CSRF token lives in a cookie (no server-side HTTP session exists anywhere in auth-service)
   * and in each form; the cookie passes through the gateway, which strips only the session cookie.
   * {@code HttpOnly} (only the server reads it: it renders the form field), {@code SameSite=Lax}
   * like the session cookie (with {@code Strict}, following a link to the page from elsewhere would
   * mint a new token and break forms already open in other tabs), {@code Secure} and the {@code
   * __Host-} prefix whenever the session cookie has them, so a sibling subdomain cannot plant a
   * token of its choosing. The form field carries a masked copy (Spring's default {@code
   * XorCsrfTokenRequestAttributeHandler}), so the page never repeats the same secret bytes
   * (BREACH).
   */
  static CookieCsrfTokenRepository csrfTokenRepository(SessionCookies sessionCookies) {
    CookieCsrfTokenRepository repository = new CookieCsrfTokenRepository();
    repository.setCookieName(sessionCookies.hostPrefixed() ? "__Host-XSRF-TOKEN" : "XSRF-TOKEN");
    repository.setCookiePath("/");
    repository.setCookieCustomizer(
        cookie -> cookie.secure(sessionCookies.secure()).sameSite("Lax"));
    return repository;
  }

  /**
   * No observation per security filter, authentication and authorization: on the introspection path
   * (the gateway's every cache miss) they cost about as much CPU as the session query, and no
   * dashboard, alert or documented metric reads them. The request's own observation ({@code
   * http.server.requests}, and the trace id in the access log) stays.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  JwtTimestampValidator jwtTimestampValidator(Clock clock) {
    JwtTimestampValidator validator = new JwtTimestampValidator(JWT_CLOCK_SKEW);
    validator.setClock(clock);
    // The gateway always sets exp; a token without one would never expire.
    validator.setAllowEmptyExpiryClaim(false);
    return validator;
  }

  /**
   * Every token the gateway mints names its signing key; one without {@code kid} did not come from
   * the gateway (RFC 7515 §4.1.4, ASVS 5.0 9.1.3: keys only from the configured JWKS, by id).
   * Without this, Nimbus would try the token against every published key.
   */
  @Bean
  OAuth2TokenValidator<Jwt> jwtKeyIdRequired() {
    return jwt ->
        (jwt.getHeaders().get("kid") instanceof String kid && !kid.isBlank())
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(
                new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_TOKEN, "The token has no kid header", null));
  }

  /**
   * Every token the gateway mints names its user (RFC 8725 §3.8). Without this, a token lacking
   * {@code sub} would still list sessions on the operator API, and end nothing but answer 204 on
   * {@code /logout}, instead of being refused like any other token the gateway did not mint.
   */
  @Bean
  JwtClaimValidator<String> jwtSubjectRequired() {
    return new JwtClaimValidator<>(JwtClaimNames.SUB, StringUtils::hasText);
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
