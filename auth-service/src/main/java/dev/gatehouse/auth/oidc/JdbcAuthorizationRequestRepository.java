package dev.gatehouse.auth.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The in-flight authorization requests of OpenID Connect logins, in the database instead of an HTTP
 * session: auth-service runs as several instances and the provider may send the browser back to any
 * of them. Keyed by the SHA-256 of {@code state} (RFC 6749 §10.12); single use (the row is deleted
 * by the look-up that completes the login, and only the caller whose delete removed it gets it), so
 * a replayed {@code state} finds nothing; expiring after {@code gatehouse.oidc.request-timeout}.
 * The page to return to travels inside, as the attribute {@link #NEXT}; {@link
 * #removeAuthorizationRequest} hands it on as a request attribute of the same name.
 */
final class JdbcAuthorizationRequestRepository
    implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

  /** The attribute holding the checked page to go to after the login. */
  static final String NEXT = JdbcAuthorizationRequestRepository.class.getName() + ".next";

  private static final Logger log =
      LoggerFactory.getLogger(JdbcAuthorizationRequestRepository.class);
  private static final int MAX_STATE = 512;

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final OidcProperties properties;
  private final Clock clock;
  private final BrowserBinding binding;

  JdbcAuthorizationRequestRepository(
      JdbcClient jdbc,
      JsonMapper json,
      OidcProperties properties,
      Clock clock,
      BrowserBinding binding) {
    Assert.notNull(binding, "binding cannot be null");
    this.binding = binding;
    Assert.notNull(jdbc, "jdbc cannot be null");
    Assert.notNull(json, "json cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.jdbc = jdbc;
    this.json = json;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
    Optional<String> browser = binding.presented(request);
    if (browser.isEmpty()) {
      return null;
    }
    return state(request).flatMap(state -> find(state, browser.get())).orElse(null);
  }

  @Override
  public void saveAuthorizationRequest(
      @Nullable OAuth2AuthorizationRequest authorizationRequest,
      HttpServletRequest request,
      HttpServletResponse response) {
    if (authorizationRequest == null) {
      state(request).ifPresent(state -> delete(Sha256.hex(state)));
      return;
    }
    Assert.hasText(authorizationRequest.getState(), "state cannot be empty");
    Instant now = clock.instant();
    purgeExpired(now);
    jdbc.sql(
            """
            INSERT INTO oidc_authorization_requests
              (state_hash, browser_hash, request, created_at, expires_at)
            VALUES (:hash, :browser, :request, :now, :expires)
            """)
        .param("hash", Sha256.hex(authorizationRequest.getState()))
        .param("browser", binding.bind(response))
        .param("request", json.writeValueAsString(Stored.of(authorizationRequest)))
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("expires", now.plus(properties.requestTimeout()).atOffset(ZoneOffset.UTC))
        .update();
  }

  @Override
  public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(
      HttpServletRequest request, HttpServletResponse response) {
    Optional<String> state = state(request);
    if (state.isEmpty()) {
      return null;
    }
    String hash = Sha256.hex(state.get());
    Optional<String> browser = binding.presented(request);
    binding.clear(response);
    if (browser.isEmpty()) {
      log.info("OIDC callback from a browser that did not begin a login");
      return null;
    }
    Optional<OAuth2AuthorizationRequest> found = find(state.get(), browser.get());
    // Another browser's callback leaves the row alone: it cannot spoil the real user's login.
    // Whoever deletes the row owns the login: two requests racing with one state get it once.
    if (found.isEmpty() || delete(hash) == 0) {
      log.info("OIDC callback with an unknown, used or expired state, or from another browser");
      return null;
    }
    Object next = found.get().getAttribute(NEXT);
    if (next != null) {
      request.setAttribute(NEXT, next);
    }
    return found.get();
  }

  private Optional<OAuth2AuthorizationRequest> find(String state, String browserHash) {
    return jdbc.sql(
            """
            SELECT request FROM oidc_authorization_requests
            WHERE state_hash = :hash AND browser_hash = :browser AND expires_at > :now
            """)
        .param("hash", Sha256.hex(state))
        .param("browser", browserHash)
        .param("now", clock.instant().atOffset(ZoneOffset.UTC))
        .query(String.class)
        .optional()
        .map(value -> json.readValue(value, Stored.class).toRequest());
  }

  private int delete(String hash) {
    return jdbc.sql("DELETE FROM oidc_authorization_requests WHERE state_hash = :hash")
        .param("hash", hash)
        .update();
  }

  /** Logins begun and never finished leave rows behind; each new one sweeps the expired. */
  private void purgeExpired(Instant now) {
    jdbc.sql("DELETE FROM oidc_authorization_requests WHERE expires_at <= :now")
        .param("now", now.atOffset(ZoneOffset.UTC))
        .update();
  }

  private static Optional<String> state(HttpServletRequest request) {
    String state = request.getParameter(OAuth2ParameterNames.STATE);
    return (StringUtils.hasText(state) && state.length() <= MAX_STATE)
        ? Optional.of(state)
        : Optional.empty();
  }

  /**
   * An authorization request as stored. Every parameter and attribute Spring Security puts there
   * ({@code nonce}, {@code code_challenge}, {@code registration_id}, {@code code_verifier}) is a
   * string; anything else would not survive the round trip and is refused when saving.
   */
  record Stored(
      String authorizationUri,
      String clientId,
      String redirectUri,
      Set<String> scopes,
      String state,
      Map<String, String> additionalParameters,
      Map<String, String> attributes,
      String authorizationRequestUri) {

    static Stored of(OAuth2AuthorizationRequest request) {
      return new Stored(
          request.getAuthorizationUri(),
          request.getClientId(),
          request.getRedirectUri(),
          request.getScopes(),
          request.getState(),
          strings(request.getAdditionalParameters()),
          strings(request.getAttributes()),
          request.getAuthorizationRequestUri());
    }

    OAuth2AuthorizationRequest toRequest() {
      return OAuth2AuthorizationRequest.authorizationCode()
          .authorizationUri(authorizationUri)
          .clientId(clientId)
          .redirectUri(redirectUri)
          .scopes(scopes)
          .state(state)
          .additionalParameters(new LinkedHashMap<String, Object>(additionalParameters))
          .attributes(new LinkedHashMap<String, Object>(attributes))
          .authorizationRequestUri(authorizationRequestUri)
          .build();
    }

    private static Map<String, String> strings(Map<String, Object> values) {
      Map<String, String> copy = new LinkedHashMap<>();
      values.forEach(
          (key, value) -> {
            Assert.isInstanceOf(String.class, value, "Only string values are stored: " + key);
            copy.put(key, (String) value);
          });
      return copy;
    }

    /** The PKCE verifier and the nonce are secrets: never printed. */
    @Override
    public String toString() {
      return "Stored[clientId=" + clientId + ", attributes=" + attributes.keySet() + "]";
    }
  }
}
