package dev.gatehouse.bench;

import java.net.URI;
import java.util.List;

/**
 * What one row sends: {@code GET url}, with the cookie of one of {@code sessions} round-robin (none
 * when empty).
 */
record Target(URI url, List<SessionCookie> sessions) {

  static Target anonymous(URI url) {
    return new Target(url, List.of());
  }

  static Target withSessions(URI url, List<SessionCookie> sessions) {
    return new Target(url, List.copyOf(sessions));
  }
}
