package dev.gatehouse.testsupport.dbsc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP response as {@link DbscClient} sees it.
 *
 * @param status the status code
 * @param headers the headers, names compared case-insensitively
 * @param body the body as text
 */
public record DbscResponse(int status, Map<String, List<String>> headers, String body) {

  static final String SET_COOKIE = "Set-Cookie";
  static final String RESPONSE_HEADER = "Secure-Session-Response";
  static final String CHALLENGE_HEADER = "Secure-Session-Challenge";
  static final String SESSION_ID_HEADER = "Sec-Secure-Session-Id";

  public DbscResponse {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = copy;
  }

  /** Every value of a header. */
  public List<String> headers(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /** The first value of a header. */
  public Optional<String> header(String name) {
    return headers(name).stream().findFirst();
  }
}
