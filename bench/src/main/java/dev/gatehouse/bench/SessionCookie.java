package dev.gatehouse.bench;

/**
 * A session as the browser holds it: the {@code Cookie} header value {@code
 * GATEHOUSE_SESSION=<token>}. The token is a credential, so {@link #toString()} does not print it.
 */
record SessionCookie(String header) {

  @Override
  public String toString() {
    return "SessionCookie[***]";
  }
}
