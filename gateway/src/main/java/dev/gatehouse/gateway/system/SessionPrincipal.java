package dev.gatehouse.gateway.system;

import java.util.List;
import java.util.Optional;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * The session a request was relayed with, on the exchange under one typed key: the access log names
 * its {@code sid} and user, the security headers mark the response {@code no-store}. A request
 * without one is anonymous. Holds no token.
 *
 * @param sid the public session id
 * @param userId the user's stable id (the token's {@code sub})
 * @param username the login name
 * @param roles lower-case role names
 */
public record SessionPrincipal(String sid, String userId, String username, List<String> roles) {

  private static final String ATTRIBUTE = SessionPrincipal.class.getName();

  public SessionPrincipal {
    Assert.hasText(sid, "sid cannot be empty");
    Assert.hasText(userId, "userId cannot be empty");
    Assert.hasText(username, "username cannot be empty");
    roles = List.copyOf(roles);
  }

  /** The principal the request was relayed with; empty for an anonymous request. */
  public static Optional<SessionPrincipal> of(ServerWebExchange exchange) {
    return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
  }

  /** Records this principal on the exchange (shared by every mutated copy of it). */
  public void putOn(ServerWebExchange exchange) {
    exchange.getAttributes().put(ATTRIBUTE, this);
  }
}
