package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.session.CookieHeader;
import dev.gatehouse.gateway.session.SessionProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Removes from a request every header a client could use to claim an identity (ASVS 5.0 4.1.3): the
 * gateway is the only party allowed to set them. Also removes the session cookie from the {@code
 * Cookie} header, so backends never see session tokens, while other cookies pass through.
 */
@Component
class SpoofableHeaders {

  private static final List<String> BUILT_IN_PREFIXES =
      List.of("x-gatehouse-", "x-user-", "x-forwarded-");

  private static final List<String> BUILT_IN_NAMES =
      List.of(
          "authorization",
          "proxy-authorization",
          "forwarded",
          "x-real-ip",
          "x-client-ip",
          "true-client-ip",
          "x-original-url",
          "x-rewrite-url");

  private final List<String> names;
  private final List<String> prefixes;
  private final String sessionCookie;

  SpoofableHeaders(HeaderProperties headers, SessionProperties session) {
    List<String> names = new ArrayList<>(BUILT_IN_NAMES);
    List<String> prefixes = new ArrayList<>(BUILT_IN_PREFIXES);
    for (String configured : headers.strip()) {
      String name = configured.trim().toLowerCase(Locale.ROOT);
      if (name.endsWith("*")) {
        prefixes.add(name.substring(0, name.length() - 1));
      } else if (!name.isEmpty()) {
        names.add(name);
      }
    }
    this.names = List.copyOf(names);
    this.prefixes = List.copyOf(prefixes);
    this.sessionCookie = session.cookieName();
  }

  /** Strips {@code headers} in place (a writable copy of the incoming request's headers). */
  void strip(HttpHeaders headers) {
    removeSessionCookie(headers);
    List<String> doomed =
        headers.headerNames().stream().filter(this::isSpoofable).collect(Collectors.toList());
    doomed.forEach(headers::remove);
  }

  private boolean isSpoofable(String header) {
    String name = header.toLowerCase(Locale.ROOT);
    return names.contains(name) || prefixes.stream().anyMatch(name::startsWith);
  }

  private void removeSessionCookie(HttpHeaders headers) {
    if (!headers.containsHeader(HttpHeaders.COOKIE)) {
      return;
    }
    String others = CookieHeader.without(headers, sessionCookie);
    if (others.isEmpty()) {
      headers.remove(HttpHeaders.COOKIE);
    } else {
      headers.set(HttpHeaders.COOKIE, others);
    }
  }
}
