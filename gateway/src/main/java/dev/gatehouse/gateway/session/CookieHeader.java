package dev.gatehouse.gateway.session;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;

/**
 * Reads the raw {@code Cookie} header(s) pair by pair (RFC 6265 §5.4). The gateway needs this
 * rather than the server's parsed cookie map because that map keeps one value per name, and a
 * request with two session cookies must be refused, not silently narrowed to one.
 */
public final class CookieHeader {

  private CookieHeader() {}

  /** Every value sent for cookie {@code name}, in order. */
  public static List<String> values(HttpHeaders headers, String name) {
    List<String> values = new ArrayList<>();
    for (String pair : pairs(headers)) {
      int equals = pair.indexOf('=');
      String pairName = (equals < 0 ? pair : pair.substring(0, equals)).trim();
      if (pairName.equals(name)) {
        values.add(equals < 0 ? "" : pair.substring(equals + 1).trim());
      }
    }
    return values;
  }

  /** The {@code Cookie} header value without cookies {@code names}; empty when nothing is left. */
  public static String without(HttpHeaders headers, String... names) {
    List<String> doomed = List.of(names);
    return pairs(headers).stream()
        .filter(
            pair -> {
              int equals = pair.indexOf('=');
              return !doomed.contains((equals < 0 ? pair : pair.substring(0, equals)).trim());
            })
        .map(String::trim)
        .filter(pair -> !pair.isEmpty())
        .collect(Collectors.joining("; "));
  }

  /** Whether one of these {@code Set-Cookie} values sets or deletes cookie {@code name}. */
  public static boolean sets(List<String> setCookies, String name) {
    for (String setCookie : setCookies) {
      int equals = setCookie.indexOf('=');
      if (equals >= 0 && setCookie.substring(0, equals).trim().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> pairs(HttpHeaders headers) {
    List<String> pairs = new ArrayList<>();
    for (String header : headers.getOrEmpty(HttpHeaders.COOKIE)) {
      for (String pair : header.split(";")) {
        pairs.add(pair);
      }
    }
    return pairs;
  }
}
