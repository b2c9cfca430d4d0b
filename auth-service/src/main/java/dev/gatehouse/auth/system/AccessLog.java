package dev.gatehouse.auth.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Lets a controller name the session and user a request acted on, so the access log line carries
 * {@code sid} and user id. Only these public identifiers go into the log, never a token, a token
 * hash, a password or a client secret.
 */
public final class AccessLog {

  static final String SID = AccessLog.class.getName() + ".sid";
  static final String USER = AccessLog.class.getName() + ".user";

  private AccessLog() {}

  public static void identify(
      HttpServletRequest request, @Nullable UUID sid, @Nullable String user) {
    if (sid != null) {
      request.setAttribute(SID, sid.toString());
    }
    if (user != null) {
      request.setAttribute(USER, user);
    }
  }
}
