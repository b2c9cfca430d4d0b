package dev.gatehouse.testsupport.faults;

/**
 * A signed-in session as a client holds it: the session token (the cookie's value) and the session
 * id auth-service gave it, which every answer of demo-backend must echo back for this session.
 */
public record Session(String username, String token, String sid) {

  /** The {@code Cookie} header value a browser would send. */
  public String cookie() {
    return "GATEHOUSE_SESSION=" + token;
  }

  /** Never the token. */
  @Override
  public String toString() {
    return "Session[" + username + ", sid=" + sid + "]";
  }
}
