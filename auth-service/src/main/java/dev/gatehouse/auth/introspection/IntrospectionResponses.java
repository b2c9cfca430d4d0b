package dev.gatehouse.auth.introspection;

import dev.gatehouse.auth.session.ActiveSession;
import dev.gatehouse.protocol.IntrospectionResponse;

/** Writes an {@link ActiveSession} as the shared RFC 7662 §2.2 response. */
final class IntrospectionResponses {

  private IntrospectionResponses() {}

  static IntrospectionResponse active(ActiveSession session) {
    return IntrospectionResponse.active(
        session.userId().toString(),
        session.username(),
        session.sid().toString(),
        session.roles(),
        session.createdAt().getEpochSecond(),
        session.expiresAt().getEpochSecond(),
        session.authTime().getEpochSecond(),
        session.amr());
  }
}
