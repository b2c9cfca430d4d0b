package dev.gatehouse.auth.binding;

import dev.gatehouse.protocol.SessionBinding;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The session instructions JSON of registration and refresh (DBSC draft §8.5, "session
 * instructions"): the session's id, where to refresh, the scope (the public origin, this origin
 * only, minus the login assets and the binding endpoints themselves, which need no bound cookie)
 * and the one cookie credential, with the attributes its {@code Set-Cookie} carries.
 */
@Component
final class BindingInstructions {

  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?");

  private static final List<String> EXCLUDED_PATHS =
      List.of("/login/assets/", SessionBinding.PATH_PREFIX + "/");

  private final BindingProperties properties;
  private final BindingCookies cookies;

  BindingInstructions(BindingProperties properties, BindingCookies cookies) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(cookies, "cookies cannot be null");
    this.properties = properties;
    this.cookies = cookies;
  }

  /** The instructions of a session that goes on. */
  Map<String, Object> of(String sessionIdentifier, HttpServletRequest request) {
    String origin = origin(request);
    String host = URI.create(origin).getHost();
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("origin", origin);
    scope.put("include_site", false);
    scope.put(
        "scope_specification",
        EXCLUDED_PATHS.stream()
            .map(path -> Map.of("type", "exclude", "domain", host, "path", path))
            .toList());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("session_identifier", sessionIdentifier);
    body.put("refresh_url", SessionBinding.REFRESH_PATH);
    body.put("continue", true);
    body.put("scope", scope);
    body.put(
        "credentials",
        List.of(
            Map.of("type", "cookie", "name", cookies.name(), "attributes", cookies.attributes())));
    return body;
  }

  /** The instructions that end the browser's DBSC session ({@code continue: false}). */
  static Map<String, Object> end(String sessionIdentifier) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("session_identifier", sessionIdentifier);
    body.put("continue", false);
    return body;
  }

  /**
   * The configured origin, else the public origin the gateway forwards ({@code X-Forwarded-Proto}
   * and {@code -Host}, first values), else the request's own. Elsewhere auth-service never trusts
   * these headers; here they only tell the browser which origin its session covers, and the browser
   * checks that against the origin it registered with, so a forged value only breaks the forger's
   * own registration.
   */
  private String origin(HttpServletRequest request) {
    if (properties.origin() != null) {
      return properties.origin();
    }
    String forwarded =
        first(request.getHeader("X-Forwarded-Proto"))
            + "://"
            + first(request.getHeader("X-Forwarded-Host"));
    if (ORIGIN.matcher(forwarded).matches()) {
      return forwarded;
    }
    String own = request.getScheme() + "://" + first(request.getHeader("Host"));
    return ORIGIN.matcher(own).matches() ? own : request.getScheme() + "://localhost";
  }

  private static String first(@Nullable String header) {
    if (header == null) {
      return "";
    }
    int comma = header.indexOf(',');
    return (comma < 0 ? header : header.substring(0, comma)).trim();
  }
}
