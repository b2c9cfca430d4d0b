package dev.gatehouse.auth.login;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.enrollment.IssuedLink;
import dev.gatehouse.auth.enrollment.LinkPurpose;
import dev.gatehouse.auth.enrollment.OneTimeLinks;
import dev.gatehouse.auth.user.AuthenticatedUser;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * A login with a temporary password creates no session: it gets a one-time link ({@link
 * LinkPurpose#CHANGE}, valid for {@link #TTL}) to the page where the user chooses their own
 * password, after which they log in with it. So nothing but that page is reachable until then.
 */
@Component
final class TemporaryPasswordChange {

  /** Long enough to pick a password, short because the temporary one was just typed. */
  static final Duration TTL = Duration.ofMinutes(15);

  private final OneTimeLinks links;

  TemporaryPasswordChange(OneTimeLinks links) {
    Assert.notNull(links, "links cannot be null");
    this.links = links;
  }

  IssuedLink linkFor(AuthenticatedUser user) {
    return links.issue(
        user.id(), LinkPurpose.CHANGE, TTL, new Actor(user.id().toString(), user.username()));
  }
}
