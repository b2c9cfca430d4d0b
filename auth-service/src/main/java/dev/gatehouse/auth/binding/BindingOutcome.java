package dev.gatehouse.auth.binding;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What a DBSC registration or refresh comes to; the controller writes it as HTTP. */
sealed interface BindingOutcome {

  /**
   * Bound: 200, the session instructions and a new bound credential cookie.
   *
   * @param credential the new bound credential (the cookie's value; never logged)
   */
  record Bound(UUID sid, String credential) implements BindingOutcome {
    @Override
    public String toString() {
      return "Bound[sid=" + sid + "]";
    }
  }

  /** No proof yet: 403 with {@code Secure-Session-Challenge}. */
  record Challenged(UUID sid, String challenge) implements BindingOutcome {
    @Override
    public String toString() {
      return "Challenged[sid=" + sid + "]";
    }
  }

  /** The session is over or unknown: 200 {@code continue: false}, the bound cookie cleared. */
  record Ended(String sessionIdentifier) implements BindingOutcome {}

  /**
   * Refused: a problem with {@code error}; with a new {@code challenge} when the browser may retry
   * (refresh with a used or expired challenge).
   */
  record Refused(
      int status, String error, String detail, @Nullable UUID sid, @Nullable String challenge)
      implements BindingOutcome {
    @Override
    public String toString() {
      return "Refused[" + status + ", " + error + ", sid=" + sid + "]";
    }
  }
}
