package dev.gatehouse.testsupport.dbsc;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The session instructions JSON a DBSC server answers registration and refresh with (draft §8.5):
 * what the browser keeps about the session.
 *
 * @param sessionIdentifier {@code session_identifier}, sent back as {@code Sec-Secure-Session-Id}
 * @param refreshUrl {@code refresh_url}; absent when the server ends the session
 * @param continues {@code continue}: {@code false} ends the DBSC session
 * @param origin {@code scope.origin}
 * @param includeSite {@code scope.include_site}
 * @param scopeSpecification {@code scope.scope_specification}, as parsed
 * @param credentials {@code credentials}: each a map of {@code type}, {@code name}, {@code
 *     attributes}
 * @param json the body as sent
 */
public record DbscInstructions(
    String sessionIdentifier,
    @Nullable String refreshUrl,
    boolean continues,
    @Nullable String origin,
    @Nullable Boolean includeSite,
    List<Map<String, Object>> scopeSpecification,
    List<Map<String, Object>> credentials,
    String json) {

  /** Parses a body; missing {@code session_identifier} is an {@link IllegalArgumentException}. */
  @SuppressWarnings("unchecked")
  public static DbscInstructions parse(String json) {
    Map<String, Object> body;
    try {
      body = JSONObjectUtils.parse(json);
    } catch (ParseException ex) {
      throw new IllegalArgumentException("not JSON: " + json, ex);
    }
    Object id = body.get("session_identifier");
    if (!(id instanceof String sessionIdentifier)) {
      throw new IllegalArgumentException("no session_identifier: " + json);
    }
    Map<String, Object> scope =
        (body.get("scope") instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
    return new DbscInstructions(
        sessionIdentifier,
        (String) body.get("refresh_url"),
        !Boolean.FALSE.equals(body.get("continue")),
        (String) scope.get("origin"),
        (Boolean) scope.get("include_site"),
        (scope.get("scope_specification") instanceof List<?> list)
            ? (List<Map<String, Object>>) list
            : List.of(),
        (body.get("credentials") instanceof List<?> list)
            ? (List<Map<String, Object>>) list
            : List.of(),
        json);
  }

  /** The name of the first cookie credential, or {@code null}. */
  public @Nullable String cookieName() {
    return credentials.isEmpty() ? null : (String) credentials.get(0).get("name");
  }

  /** The attributes of the first cookie credential, or {@code null}. */
  public @Nullable String cookieAttributes() {
    return credentials.isEmpty() ? null : (String) credentials.get(0).get("attributes");
  }
}
