package dev.gatehouse.auth.audit;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Who performed an audited action.
 *
 * @param id the actor's user id (the {@code sub} of the gateway-minted JWT), or the name of a
 *     programmatic caller
 * @param username the actor's login name, when known
 */
public record Actor(String id, @Nullable String username) {

  public Actor {
    Assert.hasText(id, "id cannot be empty");
  }

  /** A caller known only by an id or name. */
  public static Actor of(String id) {
    return new Actor(id, null);
  }
}
